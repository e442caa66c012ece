import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { createApp } from "../../src/index.js";
import { Store } from "../../src/store/store.js";
import { example } from "../helpers/examples.js";
import { testProbot } from "../helpers/probot.js";

const API = "https://api.github.com";

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
  nock.enableNetConnect();
});

function token(scope: nock.Scope, installationId = 1) {
  return scope.post(`/app/installations/${installationId}/access_tokens`).reply(201, { token: "ghs_test", permissions: {} });
}

describe("pull_request.opened", () => {
  test("creates the check run in progress, then completes it with the rendered summary", async () => {
    const store = new Store(":memory:");
    const probot = await testProbot(createApp({ store }));
    const payload = example<{
      repository: { owner: { login: string }; name: string };
      pull_request: { head: { sha: string }; base: { sha: string } };
    }>("pull_request", "opened");
    const { owner: { login: owner }, name: repo } = payload.repository;
    const head = payload.pull_request.head.sha;
    const base = payload.pull_request.base.sha;
    const bodies: Record<string, Record<string, unknown>> = {};

    const scope = nock(API);
    token(scope);
    scope.post(`/repos/${owner}/${repo}/check-runs`, (b) => ((bodies.create = b), true)).reply(201, { id: 77 });
    // head: SECURITY.md with an email; base: no policy at all (org .github has none either)
    scope.get(`/repos/${owner}/${repo}/git/trees/${head}`).query({ recursive: 1 }).reply(200, { sha: head, truncated: false, tree: [{ path: "SECURITY.md", type: "blob", size: 40 }] });
    scope.get(`/repos/${owner}/${repo}/contents/SECURITY.md`).query({ ref: head }).reply(200, "Report to security@example.com");
    scope.get(`/repos/${owner}/${repo}/git/trees/${base}`).query({ recursive: 1 }).reply(200, { sha: base, truncated: false, tree: [{ path: "README.md", type: "blob", size: 4 }] });
    scope.get(`/repos/${owner}/.github/git/trees/HEAD`).query({ recursive: 1 }).reply(404, { message: "Not Found" });
    scope.patch(`/repos/${owner}/${repo}/check-runs/77`, (b) => ((bodies.complete = b), true)).reply(200, { id: 77 });

    await probot.receive({ name: "pull_request", id: "d1", payload } as never);

    expect(bodies.create).toMatchObject({ name: "Security scorecard", head_sha: head, status: "in_progress" });
    const done = bodies.complete as unknown as { status: string; conclusion: string; output: { title: string; summary: string } };
    expect(done.status).toBe("completed");
    expect(done.conclusion).toBe("success");
    expect(done.output.title).toBe("Score 10.0 / 10 (▲ +10.0)");
    expect(done.output.summary).toContain("**Score with this pull request: 10.0 / 10** (base branch: 0.0");
    expect(done.output.summary).toMatch(/\| ✅ Security policy \| 0\.0 \| 10\.0 \| ▲ \+10\.0 \|/);
    store.close();
  });
});

describe("installation.created", () => {
  test("scores every repository of the installation and stores the scans", async () => {
    const store = new Store(":memory:");
    const probot = await testProbot(createApp({ store }));
    const payload = example<{ installation: { id: number; account: { login: string } } }>("installation", "created");
    const id = payload.installation.id;
    const owner = payload.installation.account.login;

    const scope = nock(API);
    token(scope, id);
    scope.get("/installation/repositories").query({ per_page: 100 }).reply(200, {
      total_count: 2,
      repositories: [
        { id: 11, name: "alpha", full_name: `${owner}/alpha`, owner: { login: owner }, default_branch: "main", private: false, html_url: `https://github.com/${owner}/alpha` },
        { id: 12, name: "beta", full_name: `${owner}/beta`, owner: { login: owner }, default_branch: "trunk", private: true },
      ],
    });
    for (const [name, branch, sha] of [["alpha", "main", "a1"], ["beta", "trunk", "b1"]] as const) {
      scope.get(`/repos/${owner}/${name}/commits/${branch}`).reply(200, sha);
      scope.get(`/repos/${owner}/${name}/git/trees/${sha}`).query({ recursive: 1 }).reply(200, { sha, truncated: false, tree: name === "alpha" ? [{ path: ".github/SECURITY.md", type: "blob", size: 10 }] : [] });
    }
    scope.get(`/repos/${owner}/alpha/contents/.github%2FSECURITY.md`).query({ ref: "a1" }).reply(200, "Contact the maintainers.");
    scope.get(`/repos/${owner}/.github/git/trees/HEAD`).query({ recursive: 1 }).reply(404, { message: "Not Found" });

    await probot.receive({ name: "installation", id: "d2", payload } as never);

    const latest = store.latestScans();
    expect(latest.map((s) => [s.fullName, s.commit, s.score, s.private, s.installationId])).toEqual([
      [`${owner}/alpha`, "a1", 4, false, id],
      [`${owner}/beta`, "b1", 0, true, id],
    ]);
    expect(store.db.prepare("SELECT account_login FROM installations WHERE id = ?").pluck().get(id)).toBe(owner);
    store.close();
  });
});
