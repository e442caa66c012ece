import { describe, expect, test } from "@jest/globals";
import type { CheckResult } from "../../src/checks/types.js";
import { OrgConfigCache } from "../../src/config/load.js";
import { rescoreRepository } from "../../src/handlers/rescore.js";
import { AppState } from "../../src/store/app-state.js";
import { Store } from "../../src/store/store.js";
import { GitHubMock } from "../helpers/nock-github.js";
import { plainOctokit, strictNockUnmatched } from "../helpers/nock-strict.js";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const unmatched = strictNockUnmatched();

// commits: the stored scan is of c1; pushes bring c2, from c1 or from a commit never scored (c0)
const [C0, C1, C2] = ["c0", "c1", "c2"].map((c) => c.padEnd(40, "0")) as [string, string, string];
const REPO = { id: 9, name: "app", full_name: "acme/app", owner: { login: "acme" }, default_branch: "main", private: false };
const result = (id: CheckResult["id"], score: number): CheckResult => ({ id, score, outcome: score >= 7 ? "pass" : "warn", reason: `stored ${id}`, findings: [] });
const PRIOR = [result("branch-protection", 9), result("security-policy", 8), result("dependabot", 6), result("harden-runner", 10), result("codeql", 3), result("secrets", 10)];
const FILES = { "src/app.ts": "export const x = 1;\n", ".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n" };

function storeWithLastScan(scoredAt = new Date(Date.now() - 3_600_000)) {
  const store = new Store(":memory:");
  store.upsertInstallation({ id: 5, account: "acme" });
  store.saveScan(
    {
      repo: { owner: "acme", name: "app", fullName: "acme/app", defaultBranch: "main", commit: C1, private: false, archived: false, htmlUrl: null, id: 9 },
      source: "github",
      trigger: "install",
      scoredAt: scoredAt.toISOString(),
      score: 7,
      excluded: [],
      checks: PRIOR,
    },
    5,
  );
  return store;
}

/** What a push re-collects whatever it changed: the tree (tarball), CodeQL analyses, secret scanning alerts. */
function alwaysAsked(gh: GitHubMock, after: string) {
  gh.noConfig("acme", ".github");
  gh.tarball("acme", "app", after, FILES);
  gh.scope.get("/repos/acme/app/code-scanning/analyses").query(true).reply(404, { message: "no analysis found" });
  gh.scope.get("/repos/acme/app/code-scanning/default-setup").reply(200, { state: "not-configured", languages: [] });
  gh.scope.get("/repos/acme/app/secret-scanning/alerts").query(true).reply(404, { message: "Secret scanning is disabled on this repository." });
}

const deps = (store: Store) => ({ octokit: plainOctokit(), store, state: new AppState(store), log: silent, orgConfig: new OrgConfigCache() });
const latest = (store: Store) => store.scanForCommit("acme/app", C2)!;

describe("a push re-collects only what its changes can move", () => {
  test("a source-file change keeps branch protection, policy, Dependabot and harden-runner from the last scan: no request for them", async () => {
    const store = storeWithLastScan();
    const gh = new GitHubMock();
    alwaysAsked(gh, C2);
    const r = await rescoreRepository(deps(store), 5, REPO, { trigger: "push", commit: C2, changes: { before: C1, paths: ["src/app.ts"] } });
    expect(r).toBe("scored");
    expect(unmatched.list).toEqual([]);
    const scan = latest(store);
    const byId = new Map(scan.checks.map((c) => [c.id, c]));
    for (const id of ["branch-protection", "security-policy", "dependabot", "harden-runner"] as const) expect(byId.get(id)).toMatchObject({ score: PRIOR.find((p) => p.id === id)!.score, reason: `stored ${id}` });
    // codeql and secrets were judged again on the new commit
    expect(byId.get("codeql")!.reason).not.toBe("stored codeql");
    expect(byId.get("secrets")!.reason).not.toBe("stored secrets");
    store.close();
  });

  test("a workflow change re-evaluates harden-runner (and Dependabot: workflows are its github-actions ecosystem)", async () => {
    const store = storeWithLastScan();
    const gh = new GitHubMock();
    alwaysAsked(gh, C2);
    gh.scope.get("/repos/acme/app/dependabot/alerts").query(true).reply(403, { message: "Dependabot alerts are disabled for this repository." });
    const r = await rescoreRepository(deps(store), 5, REPO, { trigger: "push", commit: C2, changes: { before: C1, paths: [".github/workflows/ci.yml"] } });
    expect(r).toBe("scored");
    expect(unmatched.list).toEqual([]);
    const byId = new Map(latest(store).checks.map((c) => [c.id, c]));
    expect(byId.get("harden-runner")).toMatchObject({ score: 0, outcome: "fail" });
    expect(byId.get("dependabot")!.reason).not.toBe("stored dependabot");
    expect(byId.get("branch-protection")!.reason).toBe("stored branch-protection");
    store.close();
  });

  test("a push from a commit the store has not scored is scored in full", async () => {
    const store = storeWithLastScan();
    const gh = new GitHubMock();
    alwaysAsked(gh, C2);
    const r = await rescoreRepository(deps(store), 5, REPO, { trigger: "push", commit: C2, changes: { before: C0, paths: ["src/app.ts"] } });
    expect(r).toBe("scored");
    // every other fact was asked for (unmocked here, so refused by nock)
    expect(unmatched.list.some((u) => u.includes("/branches/main/protection"))).toBe(true);
    expect(unmatched.list.some((u) => u.includes("/dependabot/alerts"))).toBe(true);
    expect(latest(store).checks.find((c) => c.id === "branch-protection")!.reason).not.toBe("stored branch-protection");
    store.close();
  });
});
