import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { forgetOrgPolicy } from "../../src/facts/slices/security-policy.js";
import { createApp } from "../../src/index.js";
import { Store } from "../../src/store/store.js";
import { example } from "../helpers/examples.js";
import { GitHubMock } from "../helpers/nock-github.js";
import { testProbot } from "../helpers/probot.js";

beforeEach(() => {
  nock.disableNetConnect();
  forgetOrgPolicy(); // each test states the org .github answers it expects
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toEqual([]);
});

describe("installation.created", () => {
  test("scores every repository of the installation and stores the scans", async () => {
    const store = new Store(":memory:");
    const probot = await testProbot(createApp({ store, sweepIntervalHours: 0 }));
    const payload = example<{ installation: { id: number; account: { login: string } } }>("installation", "created");
    const id = payload.installation.id;
    const owner = payload.installation.account.login;

    const gh = new GitHubMock().token(id);
    gh.scope.get("/installation/repositories").query({ per_page: 100 }).reply(200, {
      total_count: 3,
      repositories: [
        { id: 11, name: "alpha", full_name: `${owner}/alpha`, owner: { login: owner }, default_branch: "main", private: false, html_url: `https://github.com/${owner}/alpha` },
        { id: 12, name: "beta", full_name: `${owner}/beta`, owner: { login: owner }, default_branch: "trunk", private: true },
        { id: 13, name: "old", full_name: `${owner}/old`, owner: { login: owner }, default_branch: "main", archived: true },
      ],
    });
    // org defaults are asked once per sweep; each repository's own file comes from its tarball
    gh.noConfig(owner, ".github");
    for (const [name, branch, sha] of [["alpha", "main", "a1"], ["beta", "trunk", "b1"]] as const) {
      gh.tarball(owner, name, branch, name === "alpha" ? { ".github/SECURITY.md": "Contact the maintainers.", "src/a.js": "x" } : { "README.md": "hi" });
      gh.scope.get(`/repos/${owner}/${name}/commits/${branch}`).reply(200, sha);
    }
    gh.noOrgPolicy(owner);

    await probot.receive({ name: "installation", id: "d2", payload } as never);

    const latest = store.latestScans();
    expect(latest.map((s) => [s.fullName, s.commit, s.private, s.installationId])).toEqual([
      [`${owner}/alpha`, "a1", false, id],
      [`${owner}/beta`, "b1", true, id],
    ]);
    const policy = (i: number) => latest[i]!.checks.find((c) => c.id === "security-policy");
    expect(policy(0)!.score).toBeGreaterThan(policy(1)!.score!);
    expect(policy(1)!.score).toBe(0);
    expect(store.db.prepare("SELECT account_login FROM installations WHERE id = ?").pluck().get(id)).toBe(owner);
    // the sweep finished and recorded it
    expect(store.db.prepare("SELECT finished_at IS NOT NULL FROM sweeps WHERE installation_id = ?").pluck().get(id)).toBe(1);
    store.close();
  });
});
