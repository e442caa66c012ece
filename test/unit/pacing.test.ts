import { describe, expect, test } from "@jest/globals";
import { paceDelay } from "../../src/facts/github/pacing.js";

describe("pacing as the rate-limit budget falls", () => {
  const now = 1_000_000;
  test.each([
    ["unknown budget", { remaining: null, limit: null, resetAt: null }, 0],
    ["plenty left", { remaining: 4000, limit: 5000, resetAt: now + 3_600_000 }, 0],
    ["at the threshold", { remaining: 1000, limit: 5000, resetAt: now + 3_600_000 }, 0],
    ["below it: spread the rest until the reset", { remaining: 100, limit: 5000, resetAt: now + 600_000 }, 6000],
    ["one left: wait for the reset", { remaining: 1, limit: 5000, resetAt: now + 30_000 }, 30_000],
    ["reset already passed", { remaining: 10, limit: 5000, resetAt: now - 1 }, 0],
  ] as const)("%s", (_n, budget, expected) => {
    expect(paceDelay(budget, now, 0.2)).toBe(expected);
  });
});
