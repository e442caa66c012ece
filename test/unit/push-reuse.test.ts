import { describe, expect, test } from "@jest/globals";
import { CHECKS } from "../../src/checks/registry.js";
import type { CheckResult } from "../../src/checks/types.js";
import { pushChanges, type PushPayload } from "../../src/handlers/push-changes.js";
import { reusableResults } from "../../src/scoring/reuse.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const r = (id: CheckResult["id"], score: number | null = 8, outcome: CheckResult["outcome"] = "pass"): CheckResult => ({ id, score, outcome, reason: "x", findings: [] });
const LAST = CHECKS.map((c) => r(c.id));
const kept = (paths: string[], last = LAST, exempted = new Set<CheckResult["id"]>()) => [...reusableResults(last, paths, CHECKS, exempted).keys()].sort();

describe("which results a push keeps", () => {
  test.each<[string[], string[]]>([
    [["src/index.ts"], ["branch-protection", "dependabot", "harden-runner", "security-policy"]],
    [["README.md", "docs/guide.md"], ["branch-protection", "dependabot", "harden-runner", "security-policy"]],
    [["SECURITY.md"], ["branch-protection", "dependabot", "harden-runner"]],
    [["docs/Security.MD"], ["branch-protection", "dependabot", "harden-runner"]],
    [["web/package-lock.json"], ["branch-protection", "harden-runner", "security-policy"]],
    [["services/api/go.mod"], ["branch-protection", "harden-runner", "security-policy"]],
    [["renovate.json"], ["branch-protection", "harden-runner", "security-policy"]],
    [[".github/dependabot.yml"], ["branch-protection", "security-policy"]],
    [[".github/workflows/ci.yml"], ["branch-protection", "security-policy"]],
    [["actions/setup/action.yml"], ["branch-protection", "dependabot", "security-policy"]],
    [["node_modules/x/package.json"], ["branch-protection", "dependabot", "harden-runner", "security-policy"]],
  ])("%j keeps %j (codeql and secrets: every push)", (paths, expected) => {
    expect(kept(paths)).toEqual(expected);
  });

  test("no verdict (unknown, error, null score) and exempted checks are judged again", () => {
    const last = [r("branch-protection", null, "unknown"), r("security-policy", 5, "error"), r("dependabot"), r("harden-runner")];
    expect(kept(["src/a.ts"], last, new Set(["harden-runner"]))).toEqual(["dependabot"]);
  });

  test("a check missing from the last scan is judged", () => {
    expect(kept(["src/a.ts"], [r("dependabot")])).toEqual(["dependabot"]);
  });
});

describe("what a push payload says it changed", () => {
  const commit = (added: string[], modified: string[] = [], removed: string[] = []) => ({ added, modified, removed });

  test("the union of every commit's added, modified and removed paths", () => {
    expect(pushChanges({ before: A, after: B, commits: [commit(["a.ts"], ["b.ts"]), commit([], ["b.ts"], ["c.ts"])] })).toEqual({ before: A, paths: ["a.ts", "b.ts", "c.ts"] });
  });

  test.each([
    ["a force push", { before: A, after: B, forced: true, commits: [commit(["a"])] }],
    ["a new branch", { before: "0".repeat(40), after: B, created: true, commits: [commit(["a"])] }],
    ["no commits listed", { before: A, after: B, commits: [] }],
    ["commits at GitHub's cap of 2048", { before: A, after: B, commits: Array.from({ length: 2048 }, () => commit(["a"])) }],
    ["a commit without file lists", { before: A, after: B, commits: [{ id: "x" }] }],
    ["no before", { after: B, commits: [commit(["a"])] }],
  ])("%s: unknown, so the push is scored in full", (_name, payload) => {
    expect(pushChanges(payload as PushPayload)).toBeNull();
  });
});
