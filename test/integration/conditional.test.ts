import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { ProbotOctokit } from "probot";
import { isCacheable, useConditionalRequests } from "../../src/facts/github/conditional.js";
import type { GitHubClient } from "../../src/facts/github/octokit.js";
import { HttpCache } from "../../src/store/http-cache.js";
import { Store } from "../../src/store/store.js";
import { API } from "../helpers/nock-github.js";
import { strictNock } from "../helpers/nock-strict.js";

strictNock();

const client = (cache: HttpCache) =>
  useConditionalRequests(new ProbotOctokit({ auth: { token: "t" }, retry: { enabled: false }, throttle: { enabled: false } }) as unknown as GitHubClient, cache);

describe("conditional requests", () => {
  test("an unchanged settings answer is a 304 served from the cache, with its Link for pagination", async () => {
    const store = new Store(":memory:");
    const cache = new HttpCache(store);
    const link = `<${API}/repos/o/r/rulesets?page=2>; rel="next"`;
    nock(API).get("/repos/o/r/branches/main/protection").reply(200, { enforce_admins: { enabled: true } }, { etag: '"p1"' });
    nock(API).get("/repos/o/r/rulesets").query({ page: 1 }).reply(200, [{ id: 1 }], { etag: '"r1"', link });
    const first = client(cache);
    expect((await first.request("GET /repos/{owner}/{repo}/branches/{branch}/protection", { owner: "o", repo: "r", branch: "main" })).data).toEqual({ enforce_admins: { enabled: true } });
    await first.request("GET /repos/{owner}/{repo}/rulesets", { owner: "o", repo: "r", page: 1 });

    // a later scan, another Octokit: the same answers come back as 304s
    nock(API).get("/repos/o/r/branches/main/protection").matchHeader("if-none-match", '"p1"').reply(304);
    nock(API).get("/repos/o/r/rulesets").query({ page: 1 }).matchHeader("if-none-match", '"r1"').reply(304);
    const second = client(cache);
    const p = await second.request("GET /repos/{owner}/{repo}/branches/{branch}/protection", { owner: "o", repo: "r", branch: "main" });
    expect(p.status).toBe(200);
    expect(p.data).toEqual({ enforce_admins: { enabled: true } });
    const r = await second.request("GET /repos/{owner}/{repo}/rulesets", { owner: "o", repo: "r", page: 1 });
    expect(r.headers.link).toBe(link);
    store.close();
  });

  test("file contents, tarballs and secret-scanning alerts (which carry the raw secret) are never kept", async () => {
    const store = new Store(":memory:");
    const cache = new HttpCache(store);
    nock(API).get("/repos/o/r/secret-scanning/alerts").reply(200, [{ number: 1, secret: "raw-value" }], { etag: '"s1"' });
    nock(API).get("/repos/o/r/contents/a.txt").reply(200, "file text", { etag: '"c1"' });
    const c = client(cache);
    await c.request("GET /repos/{owner}/{repo}/secret-scanning/alerts", { owner: "o", repo: "r" });
    await c.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: "o", repo: "r", path: "a.txt" });
    expect(store.db.prepare("SELECT COUNT(*) FROM http_cache").pluck().get()).toBe(0);
    expect(isCacheable(`${API}/repos/o/r/tarball/main`)).toBe(false);
    expect(isCacheable("http://127.0.0.1:9/api/v3/repos/o/r/languages")).toBe(true);
    // a commit: its bare sha may be kept, its full answer (patches: added lines, secrets) never
    nock(API).get("/repos/o/r/commits/abc").reply(200, { sha: "abc", files: [{ filename: "a.txt", patch: "+raw-value" }] }, { etag: '"k1"' });
    await c.request("GET /repos/{owner}/{repo}/commits/{ref}", { owner: "o", repo: "r", ref: "abc" });
    expect(store.db.prepare("SELECT COUNT(*) FROM http_cache").pluck().get()).toBe(0);
    expect(isCacheable(`${API}/repos/o/r/commits/main`, "application/vnd.github.sha")).toBe(true);
    store.close();
  });
});

describe("pacing per installation", () => {
  test("never more than maxConcurrent requests of one installation in flight, across its Octokits", async () => {
    const { usePacing, forgetPacing } = await import("../../src/facts/github/pacing.js");
    forgetPacing();
    let inFlight = 0;
    let peak = 0;
    nock(API)
      .get(/\/repos\/o\/r\/languages/)
      .times(12)
      .delay(30)
      .reply(() => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        setTimeout(() => inFlight--, 25);
        return [200, {}, { "x-ratelimit-remaining": "4999", "x-ratelimit-limit": "5000", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600) }];
      });
    const mk = () =>
      usePacing(new ProbotOctokit({ auth: { token: "t" }, retry: { enabled: false }, throttle: { enabled: false } }) as unknown as GitHubClient, 42, { maxConcurrent: 3, slowBelow: 0.2 });
    const a = mk();
    const b = mk();
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).request("GET /repos/{owner}/{repo}/languages", { owner: "o", repo: "r" })));
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(0);
  });
});
