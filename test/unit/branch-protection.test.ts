import { describe, expect, test } from "@jest/globals";
import { evaluateBranchProtection } from "../../src/checks/branch-protection/index.js";
import { known, unavailable } from "../../src/facts/fact.js";
import type { BranchRule, ClassicProtection, RepoFacts, RulesetSummary } from "../../src/facts/types.js";
import { factsWith } from "../helpers/facts.js";

const classic = (over: Partial<ClassicProtection> = {}): ClassicProtection => ({
  allowForcePushes: false,
  allowDeletions: false,
  requiredReviews: null,
  requiredStatusChecks: null,
  enforceAdmins: false,
  ...over,
});
const reviews = (count: number, extra: Partial<NonNullable<ClassicProtection["requiredReviews"]>> = {}) => ({
  count,
  requireCodeOwners: false,
  dismissStale: false,
  requireLastPushApproval: false,
  ...extra,
});
const rule = (type: string, rulesetId = 1, parameters?: Record<string, unknown>): BranchRule => ({ type, rulesetId, ...(parameters ? { parameters } : {}) });
const ruleset = (id: number, enforcement = "active", bypassActors: number | null = 0): RulesetSummary => ({ id, name: `rs${id}`, enforcement, bypassActors });
const FORBIDDEN = unavailable("GitHub refused GET /repos/{owner}/{repo}/branches/{branch}/protection (403)", "Administration: read");
const LOCAL = unavailable("a checkout holds no protection settings");

const full: BranchRule[] = [
  rule("deletion"),
  rule("non_fast_forward"),
  rule("pull_request", 1, { required_approving_review_count: 2, dismiss_stale_reviews_on_push: true, require_code_owner_review: false }),
  rule("required_status_checks", 1, { required_status_checks: [{ context: "ci/test" }] }),
];

type Case = [string, Partial<RepoFacts>, number | null, string];
const cases: Case[] = [
  ["local checkout", { classicProtection: LOCAL, branchRules: LOCAL, rulesets: LOCAL }, null, "unknown"],
  ["not protected at all", { classicProtection: known(null), branchRules: known([]), rulesets: known([]) }, 0, "fail"],
  ["classic defaults: tier 1 only", { classicProtection: known(classic()), branchRules: known([]), rulesets: known([]) }, 3, "warn"],
  ["classic allows force pushes: nothing counts", { classicProtection: known(classic({ allowForcePushes: true, requiredReviews: reviews(1) })), branchRules: known([]), rulesets: known([]) }, 0, "fail"],
  ["classic 1 review", { classicProtection: known(classic({ requiredReviews: reviews(1) })), branchRules: known([]), rulesets: known([]) }, 6, "warn"],
  ["classic PR with 0 approvals stays at tier 1", { classicProtection: known(classic({ requiredReviews: reviews(0) })), branchRules: known([]), rulesets: known([]) }, 3, "warn"],
  ["classic 1 review + checks", { classicProtection: known(classic({ requiredReviews: reviews(1), requiredStatusChecks: ["build"] })), branchRules: known([]), rulesets: known([]) }, 8, "pass"],
  ["classic status checks required but none selected", { classicProtection: known(classic({ requiredReviews: reviews(1), requiredStatusChecks: [] })), branchRules: known([]), rulesets: known([]) }, 6, "warn"],
  ["classic tier 4 without stale dismissal", { classicProtection: known(classic({ requiredReviews: reviews(2), requiredStatusChecks: ["b"] })), branchRules: known([]), rulesets: known([]) }, 8, "pass"],
  ["classic code owners + stale", { classicProtection: known(classic({ requiredReviews: reviews(1, { requireCodeOwners: true, dismissStale: true }), requiredStatusChecks: ["b"] })), branchRules: known([]), rulesets: known([]) }, 9, "pass"],
  ["classic everything incl. admins", { classicProtection: known(classic({ requiredReviews: reviews(2, { dismissStale: true }), requiredStatusChecks: ["b"], enforceAdmins: true })), branchRules: known([]), rulesets: known([]) }, 10, "pass"],
  ["admins enforced but tier 3 missing: not counted", { classicProtection: known(classic({ requiredReviews: reviews(2, { dismissStale: true }), enforceAdmins: true })), branchRules: known([]), rulesets: known([]) }, 6, "warn"],
  ["rulesets only, no bypass", { classicProtection: known(null), branchRules: known(full), rulesets: known([ruleset(1)]) }, 10, "pass"],
  ["rulesets only, a bypass actor", { classicProtection: known(null), branchRules: known(full), rulesets: known([ruleset(1, "active", 2)]) }, 9, "pass"],
  ["rulesets only, bypass actors invisible", { classicProtection: known(null), branchRules: known(full), rulesets: known([ruleset(1, "active", null)]) }, 9, "pass"],
  ["403 on classic, rulesets present: scored from rulesets", { classicProtection: FORBIDDEN, branchRules: known(full), rulesets: known([ruleset(1)]) }, 10, "pass"],
  ["403 on classic and no rules: unknown, not 0", { classicProtection: FORBIDDEN, branchRules: known([]), rulesets: known([]) }, null, "unknown"],
  ["ruleset in evaluate mode ignored", { classicProtection: known(null), branchRules: known(full), rulesets: known([ruleset(1, "evaluate")]) }, 0, "fail"],
  ["evaluate ruleset ignored, classic still counts", { classicProtection: known(classic({ requiredReviews: reviews(1) })), branchRules: known(full), rulesets: known([ruleset(1, "evaluate")]) }, 6, "warn"],
  [
    "merge: classic blocks force push, ruleset blocks deletion and requires review",
    { classicProtection: known(classic({ allowDeletions: true })), branchRules: known([rule("deletion"), rule("pull_request", 1, { required_approving_review_count: 1 })]), rulesets: known([ruleset(1)]) },
    6,
    "warn",
  ],
  [
    "org ruleset without ruleset summaries: bypass unseen",
    { classicProtection: known(null), branchRules: known(full.map((r) => ({ ...r, rulesetId: 9, rulesetSourceType: "Organization", rulesetSource: "o" }))), rulesets: unavailable("GitHub refused (403)") },
    9,
    "pass",
  ],
];

describe("branch-protection check", () => {
  test.each(cases)("%s", (_name, slices, score, outcome) => {
    const r = evaluateBranchProtection(factsWith(slices));
    expect(r.score).toBe(score);
    expect(r.outcome).toBe(outcome);
    if (outcome !== "unknown") expect(r.findings.length).toBeGreaterThan(0);
  });

  const finding = (slices: Partial<RepoFacts>, id: string) => evaluateBranchProtection(factsWith(slices)).findings.find((f) => f.id === id);

  test("403 on classic names the permission that completes the picture", () => {
    const r = evaluateBranchProtection(factsWith({ classicProtection: FORBIDDEN, branchRules: known(full), rulesets: known([ruleset(1)]) }));
    const f = r.findings.find((x) => x.id === "classicProtectionReadable");
    expect(f?.outcome).toBe("warn");
    expect(f?.message).toContain('"Administration: read"');
    expect(r.reason).toContain("rulesets only");
  });

  test("403 with nothing visible says why it is unknown", () => {
    const r = evaluateBranchProtection(factsWith({ classicProtection: FORBIDDEN, branchRules: known([]), rulesets: known([]) }));
    expect(r.reason).toContain("Administration: read");
  });

  test("local checkout: one clear reason", () => {
    const r = evaluateBranchProtection(factsWith({ classicProtection: LOCAL, branchRules: LOCAL, rulesets: LOCAL }));
    expect(r.reason).toBe("a checkout holds no protection settings");
  });

  test("evaluate-mode rulesets are named", () => {
    const f = finding({ classicProtection: known(null), branchRules: known(full), rulesets: known([ruleset(1, "evaluate")]) }, "rulesetsEnforced");
    expect(f?.message).toContain("rs1 (evaluate)");
  });

  test("bypass actors name the ruleset; invisible ones warn", () => {
    expect(finding({ classicProtection: known(null), branchRules: known(full), rulesets: known([ruleset(1, "active", 3)]) }, "branchProtectionAppliesToAdmins")).toMatchObject({ outcome: "fail", message: expect.stringContaining('ruleset "rs1"') });
    expect(finding({ classicProtection: known(null), branchRules: known(full), rulesets: known([ruleset(1, "active", null)]) }, "branchProtectionAppliesToAdmins")?.outcome).toBe("warn");
  });

  test("a met element after a failed tier is marked as not counted", () => {
    const f = finding({ classicProtection: known(classic({ allowForcePushes: true, requiredReviews: reviews(1) })), branchRules: known([]), rulesets: known([]) }, "requiresApproversForPullRequests");
    expect(f?.outcome).toBe("pass");
    expect(f?.message).toContain("not counted: tier 1");
  });

  test("status check names from rulesets and classic are merged", () => {
    const f = finding({ classicProtection: known(classic({ requiredReviews: reviews(1), requiredStatusChecks: ["build"] })), branchRules: known(full), rulesets: known([ruleset(1)]) }, "runsStatusChecksBeforeMerging");
    expect(f?.message).toContain("build");
    expect(f?.message).toContain("ci/test");
  });
});

describe("branch-protection rubric", () => {
  test("tiers sum to 10 and each says which tiers it depends on", async () => {
    const { RUBRIC, TIERS } = await import("../../src/checks/branch-protection/rubric.js");
    expect(TIERS.reduce((a, t) => a + t.points, 0)).toBe(10);
    expect(RUBRIC[0]!.text.startsWith("Tier 1: ")).toBe(true);
    expect(RUBRIC[1]!.text).toContain("(only if tier 1 is met)");
    expect(RUBRIC[4]!.text).toContain("(only if tiers 1–4 are met)");
  });
});
