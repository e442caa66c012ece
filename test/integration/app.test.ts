import { describe, expect, test } from "@jest/globals";
import { forgetOrgPolicy } from "../../src/facts/slices/security-policy.js";
import { createApp } from "../../src/index.js";
import { Store } from "../../src/store/store.js";
import { example } from "../helpers/examples.js";
import { GitHubMock } from "../helpers/nock-github.js";
import { testProbot } from "../helpers/probot.js";
import { strictNock } from "../helpers/nock-strict.js";

strictNock(() => forgetOrgPolicy()); // each test states the org .github answers it expects

describe("installation.created", () => {
  test("scores every repository of the installation and stores the scans", async () => {
    const store = new Store(":memory:");
    const probot = await testProbot(createApp({ store, sweepIntervalHours: 0, processInline: true }));
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

describe("durable deliveries", () => {
  test("a job a killed process left running is processed when the app starts again", async () => {
    const { JobQueue } = await import("../../src/store/jobs.js");
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "scb-jobs-")), "db.sqlite");
    const payload = example<{ installation: { id: number; account: { login: string } } }>("installation", "deleted");
    // a previous process persisted the delivery and died while running it
    const before = new Store(file);
    const q = new JobQueue(before);
    q.enqueue({ id: "dead-1", event: "installation", action: "deleted", installationId: payload.installation.id, payload });
    q.claim();
    before.upsertInstallation({ id: payload.installation.id, account: payload.installation.account.login });
    before.close();

    const store = new Store(file);
    const gh = new GitHubMock().token(payload.installation.id);
    await testProbot(createApp({ store, sweepIntervalHours: 0, processInline: true }));
    const deadline = Date.now() + 5000;
    const state = () => store.db.prepare("SELECT state FROM jobs WHERE id = 'dead-1'").pluck().get();
    while (state() !== "done" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(state()).toBe("done");
    expect(store.db.prepare("SELECT active FROM installations WHERE id = ?").pluck().get(payload.installation.id)).toBe(0);
    void gh;
    store.close();
  });
});
