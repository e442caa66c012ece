import { describe, expect, test } from "@jest/globals";
import { pushRescores, repositoryEffect } from "../../src/handlers/events.js";
import { inOrderPool } from "../../src/handlers/pool.js";
import { conclusionFor } from "../../src/handlers/pull-request.js";
import { AppState } from "../../src/store/app-state.js";
import { Store } from "../../src/store/store.js";
import { annotationsFor, batches, capAnnotations } from "../../src/publish/annotations.js";
import { CHECKS } from "../../src/checks/registry.js";

describe("conclusion", () => {
  test.each([
    [8, 8, false, null, "success"],
    [8, 9, false, null, "success"],
    [8, 7.5, false, null, "neutral"],
    [8, 9, true, null, "failure"],
    [8, 6, false, 7, "failure"],
    [5, 6, false, 7, "failure"],
    [null, 3, false, null, "success"],
  ] as const)("base %s → head %s, secret %s, fail_below %s: %s", (base, head, secretAdded, failBelow, expected) => {
    expect(conclusionFor(base, head, { secretAdded, failBelow })).toBe(expected);
  });
});

describe("events", () => {
  const repo = { name: "r", owner: { login: "o" }, default_branch: "main" };
  test.each([
    ["refs/heads/main", "abc", false, true],
    ["refs/heads/feature", "abc", false, false],
    ["refs/tags/v1", "abc", false, false],
    ["refs/heads/main", "0000000000000000000000000000000000000000", true, false],
  ] as const)("push %s %s deleted=%s → %s", (ref, after, deleted, expected) => {
    expect(pushRescores({ ref, after, deleted, repository: repo })).toBe(expected);
  });
  test("repository actions", () => {
    expect(repositoryEffect("archived")).toBe("archive");
    expect(repositoryEffect("deleted")).toBe("delete");
    expect(repositoryEffect("privatized")).toBe("rescore");
    expect(repositoryEffect("edited")).toBe("ignore");
  });
});

describe("inOrderPool", () => {
  test("bounded concurrency; the prefix cursor only advances over finished items", async () => {
    let running = 0;
    let peak = 0;
    const prefixes: number[] = [];
    const delays = [30, 5, 5, 5, 20, 1];
    await inOrderPool(
      delays,
      3,
      async (ms) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, ms));
        running--;
      },
      (i) => prefixes.push(i),
    );
    expect(peak).toBe(3);
    expect(prefixes.at(-1)).toBe(5);
    expect([...prefixes].sort((a, b) => a - b)).toEqual(prefixes);
    expect(prefixes[0]).toBeGreaterThanOrEqual(0);
  });
});

describe("AppState", () => {
  test("one sweep per installation; an interrupted sweep resumes after its cursor", () => {
    const store = new Store(":memory:");
    const a = new AppState(store);
    expect(a.beginSweep(1, "schedule")).toEqual({ cursor: null });
    expect(a.beginSweep(1, "schedule")).toBe(false);
    a.advanceSweep(1, "o/m");
    // the process dies: a new process (new AppState over the same DB) resumes
    const b = new AppState(store);
    expect(b.beginSweep(1, "schedule")).toEqual({ cursor: "o/m" });
    b.endSweep(1);
    expect(b.beginSweep(1, "schedule")).toEqual({ cursor: null });
  });
});

describe("annotations", () => {
  test("only failing/warning findings with a line in a touched file; batched by 50", () => {
    const findings = Array.from({ length: 120 }, (_, i) => ({ id: "x", outcome: "fail" as const, message: `m${i}`, path: "a.yml", line: i + 1 }));
    const anns = annotationsFor(
      [
        { id: "harden-runner", score: 0, outcome: "fail", reason: "", findings: [...findings, { id: "p", outcome: "pass", message: "ok", path: "a.yml", line: 1 }] },
        { id: "secrets", score: 0, outcome: "fail", reason: "", findings: [{ id: "s", outcome: "fail", message: "AKIA… (20 chars)", path: "untouched.txt", line: 3 }] },
      ],
      CHECKS,
      new Set(["a.yml"]),
    );
    expect(anns).toHaveLength(120);
    expect(anns[0]).toMatchObject({ path: "a.yml", start_line: 1, end_line: 1, annotation_level: "failure" });
    expect(batches(anns).map((b) => b.length)).toEqual([50, 50, 20]);
  });
});

describe("DashboardRefresher", () => {
  test("one publish per installation after its last event, not one per event", async () => {
    const { DashboardRefresher } = await import("../../src/handlers/dashboard-refresh.js");
    const { OrgConfigCache } = await import("../../src/config/load.js");
    const published: number[] = [];
    class Counting extends DashboardRefresher {
      override async publish(_o: unknown, inst: { id: number }): Promise<void> {
        published.push(inst.id);
      }
    }
    const r = new Counting(new Store(":memory:"), new OrgConfigCache(), 30);
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const octokit = {} as never;
    for (let i = 0; i < 5; i++) r.schedule(octokit, { id: 1, account: "a" }, log);
    r.schedule(octokit, { id: 2, account: "b" }, log);
    await new Promise((res) => setTimeout(res, 120));
    expect(published.sort()).toEqual([1, 2]);
    r.stop();
  });
});

describe("annotation cap", () => {
  test("at most 150 are sent, failures (a leaked secret) first, the rest counted", () => {
    const warns = Array.from({ length: 300 }, (_, i) => ({ id: "w", outcome: "warn" as const, message: `w${i}`, path: "a.yml", line: i + 1 }));
    const all = annotationsFor(
      [
        { id: "harden-runner", score: 3, outcome: "warn", reason: "", findings: warns },
        { id: "secrets", score: 0, outcome: "fail", reason: "", findings: [{ id: "s", outcome: "fail", message: "AKIA… (20 chars)", path: "b.env", line: 2 }] },
      ],
      CHECKS,
      new Set(["a.yml", "b.env"]),
    );
    const { send, omitted } = capAnnotations(all);
    expect(send).toHaveLength(150);
    expect(omitted).toBe(151);
    expect(send[0]).toMatchObject({ path: "b.env", annotation_level: "failure" });
  });
});
