import { describe, expect, test } from "@jest/globals";
import type { CheckId, CheckResult, Risk } from "../../src/checks/types.js";
import { scoreDelta, totalScore } from "../../src/scoring/total.js";

const r = (id: CheckId, score: number | null): CheckResult => ({ id, score, outcome: score === null ? "unknown" : "pass", reason: "", findings: [] });
const risks: Record<string, Risk> = { "branch-protection": "high", codeql: "medium", secrets: "critical", "security-policy": "medium" };
const riskOf = (id: CheckId) => risks[id] ?? "low";

describe("totalScore", () => {
  test.each([
    ["single check", [r("security-policy", 10)], 10, []],
    ["equal weights average", [r("security-policy", 10), r("codeql", 4)], 7, []],
    ["risk weights: critical 10 vs medium 5", [r("secrets", 0), r("security-policy", 10)], 3.3, []],
    ["unknown excluded, not zero", [r("security-policy", 8), r("branch-protection", null)], 8, ["branch-protection"]],
    ["nothing scored", [r("codeql", null)], null, ["codeql"]],
    ["high 7.5 vs medium 5", [r("branch-protection", 10), r("codeql", 0)], 6, []],
  ] as [string, CheckResult[], number | null, CheckId[]][])("%s", (_n, results, score, excluded) => {
    const t = totalScore(results, riskOf);
    expect(t.score).toBe(score);
    expect(t.excluded).toEqual(excluded);
  });

  test("weights override the risk weight, 0 drops a check", () => {
    expect(totalScore([r("secrets", 0), r("codeql", 10)], riskOf, { secrets: 0 }).score).toBe(10);
    expect(totalScore([r("secrets", 0), r("codeql", 10)], riskOf, { secrets: 1, codeql: 1 }).score).toBe(5);
  });
});

describe("scoreDelta", () => {
  test("per check and total, null where a side is unknown", () => {
    const d = scoreDelta(
      { score: 8, checks: [r("codeql", 8), r("secrets", null)] },
      { score: 6.5, checks: [r("codeql", 6.5), r("secrets", 10)] },
    );
    expect(d.total).toBe(-1.5);
    expect(d.checks).toEqual([
      { id: "codeql", before: 8, after: 6.5, delta: -1.5 },
      { id: "secrets", before: null, after: 10, delta: null },
    ]);
  });
});
