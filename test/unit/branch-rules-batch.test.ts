import { beforeEach, describe, expect, test } from "@jest/globals";
import { branchProtectionCheck } from "../../src/checks/branch-protection/index.js";
import { collectFacts } from "../../src/facts/collect.js";
import { BATCH_SIZE, BranchRulesBatch, branchRulesQuery, fromGraphql } from "../../src/facts/github/branch-rules-batch.js";
import type { GitHubClient } from "../../src/facts/github/octokit.js";
import { GitHubSource } from "../../src/facts/github/source.js";
import { forgetOrgRulesets } from "../../src/facts/slices/branch-protection.js";
import { fakeOctokit } from "../helpers/fake-octokit.js";

beforeEach(() => forgetOrgRulesets());

const REF = { owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", commit: "c0ffee", private: false, archived: false, htmlUrl: null };
const RULES = "GET /repos/{owner}/{repo}/rules/branches/{branch}";
const RULESET = "GET /repos/{owner}/{repo}/rulesets/{ruleset_id}";
const PROTECTION = "GET /repos/{owner}/{repo}/branches/{branch}/protection";

/** The same branch as REST answers it (rules, then each ruleset) and as the GraphQL query answers it. */
const REST_RULES = [
  { type: "deletion", ruleset_source_type: "Repository", ruleset_source: "o/r", ruleset_id: 7 },
  { type: "pull_request", ruleset_source_type: "Repository", ruleset_source: "o/r", ruleset_id: 7, parameters: { required_approving_review_count: 2, dismiss_stale_reviews_on_push: true, require_code_owner_review: true, require_last_push_approval: false, required_review_thread_resolution: true } },
  { type: "required_status_checks", ruleset_source_type: "Organization", ruleset_source: "o", ruleset_id: 9, parameters: { strict_required_status_checks_policy: true, required_status_checks: [{ context: "ci/test", integration_id: 15368 }] } },
];
const REST_RULESETS: Record<number, unknown> = { 7: { id: 7, name: "protect main", enforcement: "active", bypass_actors: [] }, 9: { id: 9, name: "org checks", enforcement: "active", bypass_actors: [{ actor_id: 1 }] } };
const GQL_REPO = {
  defaultBranchRef: {
    name: "main",
    rules: {
      pageInfo: { hasNextPage: false },
      nodes: [
        { type: "DELETION", parameters: null, repositoryRuleset: { databaseId: 7, name: "protect main", enforcement: "ACTIVE", source: { __typename: "Repository", nameWithOwner: "o/r" }, bypassActors: { totalCount: 0 } } },
        {
          type: "PULL_REQUEST",
          parameters: { requiredApprovingReviewCount: 2, dismissStaleReviewsOnPush: true, requireCodeOwnerReview: true, requireLastPushApproval: false, requiredReviewThreadResolution: true },
          repositoryRuleset: { databaseId: 7, name: "protect main", enforcement: "ACTIVE", source: { __typename: "Repository", nameWithOwner: "o/r" }, bypassActors: { totalCount: 0 } },
        },
        {
          type: "REQUIRED_STATUS_CHECKS",
          parameters: { strictRequiredStatusChecksPolicy: true, requiredStatusChecks: [{ context: "ci/test", integrationId: 15368 }] },
          repositoryRuleset: { databaseId: 9, name: "org checks", enforcement: "ACTIVE", source: { __typename: "Organization", login: "o" }, bypassActors: { totalCount: 1 } },
        },
      ],
    },
  },
};

describe("default-branch rules read ahead in one GraphQL query", () => {
  test("the GraphQL answer gives the same facts, and the same verdict, as the REST requests it replaces", async () => {
    const restReplies = {
      [RULES]: { data: REST_RULES },
      [`${RULESET} {"ruleset_id":7}`]: { data: REST_RULESETS[7] },
      [`${RULESET} {"ruleset_id":9}`]: { data: REST_RULESETS[9] },
      [PROTECTION]: { error: 404 },
    };
    const rest = await collectFacts(new GitHubSource(fakeOctokit(restReplies).octokit, REF), branchProtectionCheck.needs);
    const prefetched = fromGraphql(GQL_REPO, "main");
    expect(prefetched).not.toBeNull();
    const viaGraphql = fakeOctokit({ [PROTECTION]: { error: 404 } });
    const gql = await collectFacts(new GitHubSource(viaGraphql.octokit, REF, undefined, null, { branchRules: prefetched }), branchProtectionCheck.needs);
    expect(gql.branchRules).toEqual(rest.branchRules);
    expect(gql.rulesets).toEqual(rest.rulesets);
    expect(branchProtectionCheck.evaluate(gql)).toEqual(branchProtectionCheck.evaluate(rest));
    // only classic protection was asked over REST
    expect(viaGraphql.calls.map((c) => c.split(" ").slice(0, 2).join(" "))).toEqual([PROTECTION]);
  });

  test("an incomplete answer is not used: another branch, a further page, a rule without its ruleset", () => {
    expect(fromGraphql(GQL_REPO, "trunk")).toBeNull();
    expect(fromGraphql({ defaultBranchRef: { ...GQL_REPO.defaultBranchRef, rules: { ...GQL_REPO.defaultBranchRef.rules, pageInfo: { hasNextPage: true } } } }, "main")).toBeNull();
    expect(fromGraphql({ defaultBranchRef: { name: "main", rules: { pageInfo: { hasNextPage: false }, nodes: [{ type: "DELETION", parameters: null, repositoryRuleset: null }] } } }, "main")).toBeNull();
    expect(fromGraphql(null, "main")).toBeNull();
    // bypass actors hidden from an app without admin rights (FORBIDDEN, null): unknown, as over REST
    const hidden = structuredClone(GQL_REPO);
    hidden.defaultBranchRef.rules.nodes[0]!.repositoryRuleset.bypassActors = null as never;
    hidden.defaultBranchRef.rules.nodes[1]!.repositoryRuleset.bypassActors = null as never;
    expect(fromGraphql(hidden, "main")!.rulesets.find((r) => r.id === 7)!.bypassActors).toBeNull();
  });

  test("one query per batch of repositories, names as variables; a partial answer (errors) still serves the rest", async () => {
    const repos = Array.from({ length: BATCH_SIZE + 2 }, (_, i) => ({ name: `r${i}`, full_name: `o/r${i}`, owner: { login: "o" }, default_branch: "main" }));
    const calls: { query: string; variables: Record<string, string> }[] = [];
    const octokit = {
      graphql: async (query: string, variables: Record<string, string>) => {
        calls.push({ query, variables });
        const n = Object.keys(variables).length / 2;
        const data = Object.fromEntries(Array.from({ length: n }, (_, i) => [`r${i}`, variables[`n${i}`] === "r1" ? null : GQL_REPO]));
        if (calls.length === 1) throw Object.assign(new Error("Could not resolve to a Repository"), { data, errors: [{ type: "NOT_FOUND", path: ["r1"] }] });
        return data;
      },
    } as unknown as GitHubClient;
    const batch = new BranchRulesBatch(octokit, repos);
    const got = await Promise.all(repos.map((r) => batch.get(r)));
    expect(calls).toHaveLength(2);
    expect(Object.keys(calls[0]!.variables)).toHaveLength(2 * BATCH_SIZE);
    expect(calls[0]!.query).not.toContain("r5\"");
    expect(calls[0]!.variables).toMatchObject({ o0: "o", n0: "r0", n1: "r1" });
    expect(got[0]!.rules).toHaveLength(3);
    expect(got[1]).toBeNull(); // not found: REST will ask
    expect(got[BATCH_SIZE + 1]!.rulesets.map((r) => r.id)).toEqual([7, 9]);
    expect(await batch.get({ name: "other", owner: { login: "o" } })).toBeNull();
  });

  test("a failed query prefetches nothing and throws nothing", async () => {
    const octokit = { graphql: async () => Promise.reject(Object.assign(new Error("Something went wrong"), { status: 502 })) } as unknown as GitHubClient;
    const batch = new BranchRulesBatch(octokit, [{ name: "a", owner: { login: "o" } }]);
    expect(await batch.get({ name: "a", owner: { login: "o" } })).toBeNull();
  });

  test("the query text carries no repository name", () => {
    const q = branchRulesQuery(2);
    expect(q).toContain("r0: repository(owner: $o0, name: $n0)");
    expect(q).toContain("r1: repository(owner: $o1, name: $n1)");
    expect(q).toMatch(/^query\(\$o0: String!, \$n0: String!, \$o1: String!, \$n1: String!\)/);
  });
});
