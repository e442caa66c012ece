import { beforeEach, describe, expect, test } from "@jest/globals";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { branchProtectionCheck } from "../../src/checks/branch-protection/index.js";
import { collectFacts } from "../../src/facts/collect.js";
import { GitHubSource } from "../../src/facts/github/source.js";
import { LocalDirSource } from "../../src/facts/localdir/source.js";
import { collectBranchRules, collectClassicProtection, collectRulesets, forgetOrgRulesets } from "../../src/facts/slices/branch-protection.js";
import { scoreRepository } from "../../src/runner.js";
import { fakeOctokit, type FakeReply } from "../helpers/fake-octokit.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/repos");
const REF = { owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", commit: "c0ffee", private: false, archived: false, htmlUrl: null };
const source = (replies: Record<string, FakeReply>) => {
  const fake = fakeOctokit(replies);
  return { src: new GitHubSource(fake.octokit, REF), calls: fake.calls };
};

const PROTECTION = "GET /repos/{owner}/{repo}/branches/{branch}/protection";
const RULES = "GET /repos/{owner}/{repo}/rules/branches/{branch}";
const RULESETS = "GET /repos/{owner}/{repo}/rulesets";
const RULESET = "GET /repos/{owner}/{repo}/rulesets/{ruleset_id}";

beforeEach(() => forgetOrgRulesets());

describe("branch-protection collectors (GitHub source, fake octokit)", () => {
  test("classic protection is normalised", async () => {
    const { src, calls } = source({
      [PROTECTION]: {
        data: {
          allow_force_pushes: { enabled: false },
          allow_deletions: { enabled: true },
          enforce_admins: { enabled: true },
          required_pull_request_reviews: { required_approving_review_count: 2, dismiss_stale_reviews: true, require_code_owner_reviews: false },
          required_status_checks: { contexts: ["build"], checks: [{ context: "build" }, { context: "lint" }] },
        },
      },
    });
    const f = await collectClassicProtection(src);
    expect(f).toEqual({
      ok: true,
      value: {
        allowForcePushes: false,
        allowDeletions: true,
        enforceAdmins: true,
        requiredReviews: { count: 2, requireCodeOwners: false, dismissStale: true, requireLastPushApproval: false },
        requiredStatusChecks: ["build", "lint"],
      },
    });
    expect(calls[0]).toContain('"branch":"main"');
  });

  test("404 'Branch not protected' is null; 403 names Administration: read", async () => {
    expect(await collectClassicProtection(source({ [PROTECTION]: { error: 404 } }).src)).toEqual({ ok: true, value: null });
    const denied = await collectClassicProtection(source({ [PROTECTION]: { error: 403 } }).src);
    expect(denied).toMatchObject({ ok: false, permission: "Administration: read" });
  });

  test("rules keep their ruleset; only the contributing rulesets are read (no list), with their bypass actors", async () => {
    const { src, calls } = source({
      [RULES]: { data: [{ type: "deletion", ruleset_id: 7, ruleset_source_type: "Organization", ruleset_source: "o" }] },
      [RULESETS]: { data: [{ id: 7, name: "org guard", enforcement: "active" }, { id: 8, name: "tags", enforcement: "active" }] },
      [`${RULESET} {"ruleset_id":7}`]: { data: { id: 7, name: "org guard", enforcement: "active", bypass_actors: [{ actor_id: 1 }] } },
    });
    const rules = await collectBranchRules(src);
    expect(rules).toEqual({ ok: true, value: [{ type: "deletion", rulesetId: 7, rulesetSourceType: "Organization", rulesetSource: "o" }] });
    const sets = await collectRulesets(src);
    expect(sets).toEqual({
      ok: true,
      value: [
        { id: 7, name: "org guard", enforcement: "active", bypassActors: 1 },
      ],
    });
    expect(calls.filter((c) => c.startsWith(RULES + " "))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith(RULESET + " "))).toEqual([`${RULESET} {"ruleset_id":7}`]);
    expect(calls.some((c) => c.startsWith(RULESETS + " "))).toBe(false);
  });

  test("with no rule on the branch, no ruleset is asked for: none can change the verdict", async () => {
    const { src, calls } = source({
      [RULES]: { data: [] },
      [RULESETS]: { data: [{ id: 9, name: "trial", enforcement: "evaluate" }] },
    });
    expect(await collectRulesets(src)).toEqual({ ok: true, value: [] });
    expect(calls.filter((c) => c.startsWith(RULESETS))).toEqual([]);
  });

  test("an organization's ruleset is read once for all its repositories; a repository ruleset once per repository; forgotten on its webhook", async () => {
    const rules = [
      { type: "deletion", ruleset_id: 7, ruleset_source_type: "Organization", ruleset_source: "o" },
      { type: "non_fast_forward", ruleset_id: 9, ruleset_source_type: "Repository", ruleset_source: "o/r" },
    ];
    const replies = {
      [RULES]: { data: rules },
      [`${RULESET} {"ruleset_id":7}`]: { data: { id: 7, name: "org guard", enforcement: "active", bypass_actors: [] } },
      [`${RULESET} {"ruleset_id":9}`]: { data: { id: 9, name: "repo guard", enforcement: "active", bypass_actors: [] } },
    };
    const reads = async () => {
      const { src, calls } = source(replies);
      expect(await collectRulesets(src)).toMatchObject({ ok: true, value: [{ id: 7, bypassActors: 0 }, { id: 9, bypassActors: 0 }] });
      return calls.filter((c) => c.startsWith(RULESET + " "));
    };
    expect(await reads()).toEqual([`${RULESET} {"ruleset_id":7}`, `${RULESET} {"ruleset_id":9}`]);
    expect(await reads()).toEqual([`${RULESET} {"ruleset_id":9}`]);
    forgetOrgRulesets();
    expect(await reads()).toEqual([`${RULESET} {"ruleset_id":7}`, `${RULESET} {"ruleset_id":9}`]);
  });

  test("bypass actors hidden from a non-admin are null", async () => {
    const { src } = source({
      [RULES]: { data: [{ type: "deletion", ruleset_id: 7 }] },
      [RULESETS]: { data: [{ id: 7, name: "g", enforcement: "active" }] },
      [RULESET]: { data: { id: 7, name: "g" } },
    });
    expect(await collectRulesets(src)).toEqual({ ok: true, value: [{ id: 7, name: "g", enforcement: "active", bypassActors: null }] });
  });

  test("end to end: 403 on classic protection with an active ruleset is scored, with a finding", async () => {
    const { src } = source({
      [PROTECTION]: { error: 403 },
      [RULES]: {
        data: [
          { type: "non_fast_forward", ruleset_id: 1 },
          { type: "deletion", ruleset_id: 1 },
          { type: "pull_request", ruleset_id: 1, parameters: { required_approving_review_count: 1 } },
        ],
      },
      [RULESETS]: { data: [{ id: 1, name: "main", enforcement: "active" }] },
      [RULESET]: { data: { id: 1, bypass_actors: [] } },
    });
    const facts = await collectFacts(src, branchProtectionCheck.needs);
    const r = branchProtectionCheck.evaluate(facts);
    expect(r.score).toBe(6);
    expect(r.findings.map((f) => f.id)).toContain("classicProtectionReadable");
  });
});

describe("branch-protection on a local checkout", () => {
  test("unknown with the reason, left out of the total", async () => {
    const src = await LocalDirSource.open(path.join(fixtures, "bp-local"));
    const scan = await scoreRepository(src, { trigger: "manual", checks: [branchProtectionCheck] });
    expect(scan.checks[0]).toMatchObject({ id: "branch-protection", score: null, outcome: "unknown", reason: "a checkout holds no protection settings" });
    expect(scan.excluded).toEqual(["branch-protection"]);
  });
});
