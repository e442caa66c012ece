import { describe, expect, test } from "@jest/globals";
import { OrgConfigCache } from "../../src/config/load.js";
import { sweepInstallation } from "../../src/handlers/installation.js";
import { AppState } from "../../src/store/app-state.js";
import { Store } from "../../src/store/store.js";
import { scanOf } from "../helpers/dashboard-scans.js";
import { GitHubMock } from "../helpers/nock-github.js";
import { plainOctokit, strictNock } from "../helpers/nock-strict.js";

strictNock();

const octokit = plainOctokit;

describe("a sweep ends by publishing the dashboard", () => {
  test("the dashboard issue is written from what the sweep stored; a failure to publish does not fail the sweep", async () => {
    const store = new Store(":memory:");
    store.upsertInstallation({ id: 5, account: "acme" });
    store.saveScan(scanOf({ repo: "acme/site", id: 1, at: new Date(Date.now() - 86_400_000).toISOString(), score: 7 }), 5);
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (_o: object | string, msg?: string) => void warnings.push(msg ?? ""), error: () => undefined };
    const deps = { octokit: octokit(), store, state: new AppState(store), log, orgConfig: new OrgConfigCache(), concurrency: 1 };
    const repos = [{ id: 1, name: "site", full_name: "acme/site", owner: { login: "acme" }, default_branch: "main", private: false }];

    const gh = new GitHubMock();
    gh.scope.get("/installation/repositories").query({ per_page: 100 }).reply(200, { total_count: 1, repositories: repos });
    gh.noConfig("acme", ".github");
    gh.scope.get("/repos/acme/site/commits/main").reply(200, "c-unchanged");
    gh.tarball("acme", "site", "c-unchanged", { "SECURITY.md": "Mail security@acme.example" });
    gh.scope.get("/repos/acme/.github").reply(200, { name: ".github", private: false, visibility: "public" });
    gh.scope.get("/repos/acme/.github/issues").query({ state: "open", per_page: 100 }).reply(200, []);
    let body = "";
    gh.scope.post("/repos/acme/.github/issues", (b) => ((body = b.body), true)).reply(201, { number: 1 });

    const r = await sweepInstallation(deps, { id: 5, account: "acme" }, { trigger: "schedule" });
    expect(r).toMatchObject({ ran: true, failed: 0 });
    expect(body).toMatch(/^<!-- scorecard-bot:dashboard -->\n# Security scorecard dashboard: acme/);
    expect(body).toContain("acme/site");
    expect(warnings).toEqual([]);

    // GitHub refuses: logged, the sweep still succeeds (the org config is cached from the first sweep)
    const gh2 = new GitHubMock();
    gh2.scope.get("/installation/repositories").query({ per_page: 100 }).reply(200, { total_count: 1, repositories: repos });
    gh2.scope.get("/repos/acme/site/commits/main").reply(200, "c-unchanged");
    gh2.scope.get("/repos/acme/.github").reply(500, { message: "boom" });
    const again = await sweepInstallation(deps, { id: 5, account: "acme" }, { trigger: "schedule" });
    expect(again).toMatchObject({ ran: true, failed: 0 });
    expect(warnings).toEqual(["dashboard not published"]);
    store.close();
  });
});
