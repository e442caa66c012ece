import { describe, expect, test } from "@jest/globals";
import { OrgConfigCache } from "../../src/config/load.js";
import { sweepInstallation } from "../../src/handlers/installation.js";
import { AppState } from "../../src/store/app-state.js";
import { Store } from "../../src/store/store.js";
import { GitHubMock } from "../helpers/nock-github.js";
import { plainOctokit, strictNockUnmatched } from "../helpers/nock-strict.js";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const unmatched = strictNockUnmatched();

const octokit = plainOctokit;

describe("scheduled sweep", () => {
  test("an unchanged repository costs one request and is recorded again; a changed one is scored in full", async () => {
    const store = new Store(":memory:");
    const state = new AppState(store);
    const repos = [
      { id: 1, name: "same", full_name: "acme/same", owner: { login: "acme" }, default_branch: "main" },
      { id: 2, name: "moved", full_name: "acme/moved", owner: { login: "acme" }, default_branch: "main" },
    ];
    const scan = (name: string, commit: string) => ({
      repo: { owner: "acme", name, fullName: `acme/${name}`, defaultBranch: "main", commit, private: false, archived: false, htmlUrl: null, id: name === "same" ? 1 : 2 },
      source: "github" as const,
      trigger: "install" as const,
      scoredAt: new Date(Date.now() - 86_400_000).toISOString(),
      score: 7,
      excluded: [],
      checks: [{ id: "security-policy" as const, score: 7, outcome: "pass" as const, reason: "r", findings: [] }],
    });
    store.upsertInstallation({ id: 5, account: "acme" });
    store.saveScan(scan("same", "c1"), 5);
    store.saveScan(scan("moved", "old"), 5);

    const gh = new GitHubMock();
    gh.scope.get("/installation/repositories").query({ per_page: 100 }).reply(200, { total_count: 2, repositories: repos });
    gh.noConfig("acme", ".github");
    gh.scope.get("/repos/acme/same/commits/main").reply(200, "c1");
    gh.scope.get("/repos/acme/moved/commits/main").reply(200, "new");
    gh.tarball("acme", "moved", "new", { "SECURITY.md": "Mail security@acme.example within 2 days" });

    const r = await sweepInstallation({ octokit: octokit(), store, state, log: silent, orgConfig: new OrgConfigCache(), concurrency: 1 }, { id: 5, account: "acme" }, { trigger: "schedule" });
    expect(r).toMatchObject({ scored: 2, failed: 0, ran: true });

    const rows = store.db.prepare("SELECT r.name, s.commit_sha, s.trigger FROM scans s JOIN repositories r ON r.id = s.repository_id ORDER BY s.id").all();
    expect(rows).toEqual([
      { name: "same", commit_sha: "c1", trigger: "install" },
      { name: "moved", commit_sha: "old", trigger: "install" },
      // repositories are swept in name order
      { name: "moved", commit_sha: "new", trigger: "schedule" },
      { name: "same", commit_sha: "c1", trigger: "schedule" },
    ]);
    // the unchanged repository made no request beyond its head commit
    expect(unmatched.list.filter((u) => u.includes("/acme/same/"))).toEqual([]);
    // the reused scan keeps the results
    expect(store.latestScans().find((s) => s.name === "same")!.checks).toEqual([{ id: "security-policy", score: 7, outcome: "pass", reason: "r" }]);
    store.close();
  });

  test("a second sweep of the same installation does not start while one runs", async () => {
    const store = new Store(":memory:");
    const state = new AppState(store);
    expect(state.beginSweep(9, "schedule")).toEqual({ cursor: null });
    const r = await sweepInstallation({ octokit: octokit(), store, state, log: silent, orgConfig: new OrgConfigCache() }, { id: 9, account: "acme" }, { trigger: "schedule" });
    expect(r.ran).toBe(false);
    store.close();
  });
});
