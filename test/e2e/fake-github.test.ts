import { afterEach, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { DEFAULT_PERMISSIONS } from "../fake-github/routes/app.js";
import { FakeGitHub } from "../fake-github/server.js";
import { patchOf } from "../fake-github/diff.js";
import { blobSha } from "../fake-github/git.js";
import { makeWorld } from "../fixtures/worlds/generate.js";
import { orgSmall } from "../fixtures/worlds/org-small.js";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjF9.c2ln";

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  error?: string;
}

/** A raw node:http request, so the test sees exactly what the fake sent. */
function send(fake: FakeGitHub, method: string, path: string, opts: { token?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Res> {
  return new Promise((resolve) => {
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = request(`${fake.url}${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `token ${opts.token}` } : {}),
        ...(payload ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) } : {}),
        ...opts.headers,
      },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", (e) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), error: e.message }));
      res.on("aborted", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), error: "aborted" }));
    });
    req.on("error", (e) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.message }));
    req.end(payload);
  });
}

const json = (r: Res) => JSON.parse(r.body.toString("utf8")) as Record<string, unknown> & unknown[];

async function tokenFor(fake: FakeGitHub, installationId = 1): Promise<string> {
  const r = await send(fake, "POST", `/api/v3/app/installations/${installationId}/access_tokens`, { headers: { authorization: `bearer ${JWT}` } });
  expect(r.status).toBe(201);
  return String(json(r).token);
}

function readTar(gz: Buffer, kinds: string[] = []): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const files: Record<string, string> = {};
    const parser = new Parser({
      // node-tar strips ../ and leading / unless told not to: read names exactly as written
      preservePaths: true,
      onReadEntry: (entry: ReadEntry) => {
        const chunks: Buffer[] = [];
        kinds.push(`${entry.type} ${entry.path}${entry.linkpath ? ` -> ${entry.linkpath}` : ""}`);
        entry.on("data", (c: Buffer) => chunks.push(c));
        entry.on("end", () => {
          if (entry.type === "File") files[entry.path] = Buffer.concat(chunks).toString("utf8");
        });
      },
    });
    parser.on("end", () => resolve(files));
    parser.on("error", reject);
    parser.end(gunzipSync(gz));
  });
}

describe("fake GitHub", () => {
  let fake: FakeGitHub;
  let token: string;

  beforeAll(() => {
    nock.restore(); // real loopback HTTP: nothing may be intercepted here
  });
  beforeEach(async () => {
    fake = await FakeGitHub.start(orgSmall);
    token = await tokenFor(fake);
  });
  afterEach(async () => {
    await fake.stop();
  });

  test("installation tokens need the app's JWT; repositories need an installation token", async () => {
    expect((await send(fake, "POST", "/app/installations/1/access_tokens", { token: "not-a-jwt" })).status).toBe(401);
    expect((await send(fake, "POST", "/app/installations/99/access_tokens", { headers: { authorization: `bearer ${JWT}` } })).status).toBe(404);
    expect((await send(fake, "GET", "/repos/acme/fortress")).status).toBe(401);
    const r = await send(fake, "GET", "/repos/acme/fortress", { token });
    expect(r.status).toBe(200);
    expect(json(r)).toMatchObject({ full_name: "acme/fortress", default_branch: "main", private: false });
  });

  test("both / and /api/v3/ prefixes serve the same API; unknown routes are 404 and recorded", async () => {
    const a = await send(fake, "GET", "/api/v3/repos/acme/vault", { token });
    const b = await send(fake, "GET", "/repos/acme/vault", { token });
    expect({ ...json(a), url: "" }).toEqual({ ...json(b), url: "" });
    expect(json(a).url).toBe(`${fake.url}/api/v3/repos/acme/vault`);
    expect(json(a)).toMatchObject({ private: true, default_branch: "trunk" });
    const unknown = await send(fake, "GET", "/api/v3/repos/acme/vault/no-such-thing", { token });
    expect(unknown.status).toBe(404);
    expect(json(unknown).message).toBe("Not Found");
    expect(fake.log().at(-1)).toMatchObject({ route: "(unknown)", status: 404, path: "/repos/acme/vault/no-such-thing" });
  });

  test("pagination follows GitHub's Link header, and Octokit's paginate reads every page", async () => {
    await fake.stop();
    fake = await FakeGitHub.start(makeWorld({ repos: 7 }));
    token = await tokenFor(fake);
    const first = await send(fake, "GET", "/api/v3/installation/repositories?per_page=3", { token });
    const link = String(first.headers.link);
    expect(link).toContain('rel="next"');
    expect(link).toContain("page=2");
    expect(link).toMatch(/page=3[^>]*>; rel="last"/);
    expect(json(first).total_count).toBe(7);
    const octokit = new Octokit({ baseUrl: `${fake.url}/api/v3`, auth: token });
    const all = await octokit.paginate("GET /installation/repositories", { per_page: 3 });
    expect(all.map((r) => r.name)).toEqual(["repo-0001", "repo-0002", "repo-0003", "repo-0004", "repo-0005", "repo-0006", "repo-0007"]);
    expect(fake.log({ route: "/installation/repositories" }).map((r) => r.query.page ?? "1")).toEqual(["1", "1", "2", "3"]);
  });

  test("strong ETags: If-None-Match answers 304, which does not count against the rate limit", async () => {
    const one = await send(fake, "GET", "/repos/acme/fortress/git/trees/main?recursive=1", { token });
    const etag = String(one.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const remaining = Number(one.headers["x-ratelimit-remaining"]);
    const two = await send(fake, "GET", "/repos/acme/fortress/git/trees/main?recursive=1", { token, headers: { "if-none-match": etag } });
    expect(two.status).toBe(304);
    expect(two.body.length).toBe(0);
    expect(Number(two.headers["x-ratelimit-remaining"])).toBe(remaining);
    const three = await send(fake, "GET", "/repos/acme/fortress/git/trees/main?recursive=1", { token, headers: { "if-none-match": '"stale"' } });
    expect(three.status).toBe(200);
    expect(Number(three.headers["x-ratelimit-remaining"])).toBe(remaining - 1);
    expect(three.headers["x-ratelimit-limit"]).toBe("5000");
    expect(Number(three.headers["x-ratelimit-used"])).toBe(5000 - remaining + 1);
  });

  test("a spent primary rate limit answers 403 with remaining 0", async () => {
    fake.setRemaining(1, 0);
    const r = await send(fake, "GET", "/repos/acme/fortress", { token });
    expect(r.status).toBe(403);
    expect(r.headers["x-ratelimit-remaining"]).toBe("0");
    expect(String(json(r).message)).toContain("rate limit exceeded");
  });

  test("injected 5xx hit only the next N matching requests", async () => {
    fake.faults.fail("GET /repos/*/*/git/trees/*", 503, 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(fake, "GET", "/api/v3/repos/acme/fortress/git/trees/main", { token })).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await send(fake, "GET", "/repos/acme/fortress", { token })).status).toBe(200);
    expect(fake.log({ route: "/repos/:owner/:repo/git/trees/:sha" }).map((r) => r.faults?.length ?? 0)).toEqual([1, 1, 0]);
  });

  test("secondary rate limit (403) and 429 carry retry-after and GitHub's message", async () => {
    fake.faults.secondaryRateLimit("/repos/**", 1, 1);
    fake.faults.tooManyRequests("/repos/**", 1, 2);
    const a = await send(fake, "GET", "/repos/acme/fortress", { token });
    const b = await send(fake, "GET", "/repos/acme/fortress", { token });
    const c = await send(fake, "GET", "/repos/acme/fortress", { token });
    expect([a.status, a.headers["retry-after"]]).toEqual([403, "1"]);
    expect(String(json(a).message)).toMatch(/\bsecondary rate\b/);
    expect([b.status, b.headers["retry-after"]]).toEqual([429, "2"]);
    expect(c.status).toBe(200);
  });

  test("slow and truncated answers", async () => {
    fake.faults.slow("GET /repos/acme/bare-not-matching", 5000);
    fake.faults.slow("GET /repos/acme/fortress", 300, 1);
    const t0 = Date.now();
    expect((await send(fake, "GET", "/repos/acme/fortress", { token })).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    fake.faults.truncate("GET /repos/acme/fortress", 1);
    const cut = await send(fake, "GET", "/repos/acme/fortress", { token });
    expect(cut.status).toBe(200);
    expect(() => JSON.parse(cut.body.toString("utf8"))).toThrow();
    fake.faults.truncate("GET /repos/acme/fortress", 1, "connection");
    const dropped = await send(fake, "GET", "/repos/acme/fortress", { token });
    expect(dropped.error).toBeDefined();
    expect((await send(fake, "GET", "/repos/acme/fortress", { token })).status).toBe(200);
  });

  test("repositories outside the installation are 404; a missing permission is 403", async () => {
    await fake.stop();
    const world = structuredClone(orgSmall);
    world.installations[0]!.repositories = ["acme/fortress"];
    world.installations[0]!.permissions = { metadata: "read", contents: "read" };
    fake = await FakeGitHub.start(world);
    token = await tokenFor(fake);
    expect((await send(fake, "GET", "/repos/acme/vault", { token })).status).toBe(404);
    const denied = await send(fake, "GET", "/repos/acme/fortress/branches/main/protection", { token });
    expect(denied.status).toBe(403);
    expect(json(denied).message).toBe("Resource not accessible by integration");
    expect((await send(fake, "POST", "/repos/acme/fortress/check-runs", { token, body: { name: "x", head_sha: "abc" } })).status).toBe(403);
    expect((await send(fake, "GET", "/repos/acme/fortress/contents/SECURITY.md", { token })).status).toBe(200);
  });

  test("commits, trees and contents: sha accept, recursive trees, raw and base64 files, 404", async () => {
    const sha = await send(fake, "GET", "/repos/acme/fortress/commits/main", { token, headers: { accept: "application/vnd.github.sha" } });
    expect(sha.body.toString()).toMatch(/^[0-9a-f]{40}$/);
    const head = sha.body.toString();
    const tree = json(await send(fake, "GET", `/repos/acme/fortress/git/trees/${head}?recursive=1`, { token })) as unknown as { tree: { path: string; type: string; sha: string }[]; truncated: boolean };
    expect(tree.truncated).toBe(false);
    expect(tree.tree.filter((e) => e.type === "blob").map((e) => e.path)).toContain(".github/workflows/codeql.yml");
    expect(tree.tree).toContainEqual(expect.objectContaining({ path: ".github/workflows", type: "tree" }));
    const top = json(await send(fake, "GET", `/repos/acme/fortress/git/trees/${head.slice(0, 7)}`, { token })) as unknown as { tree: { path: string }[] };
    expect(top.tree.map((e) => e.path)).toEqual([".github", "README.md", "SECURITY.md", "package-lock.json", "package.json", "src"]);
    const raw = await send(fake, "GET", "/repos/acme/fortress/contents/SECURITY.md?ref=main", { token, headers: { accept: "application/vnd.github.raw+json" } });
    expect(raw.body.toString()).toContain("security@acme.example");
    const file = json(await send(fake, "GET", `/repos/acme/fortress/contents/SECURITY.md?ref=${head}`, { token }));
    expect(file.encoding).toBe("base64");
    expect(Buffer.from(String(file.content), "base64").toString()).toBe(raw.body.toString());
    expect(file.sha).toBe(tree.tree.find((e) => e.path === "SECURITY.md")?.sha);
    expect((await send(fake, "GET", "/repos/acme/sandcastle/contents/SECURITY.md", { token })).status).toBe(404);
    const dir = json(await send(fake, "GET", "/repos/acme/fortress/contents/.github", { token })) as unknown as { name: string; type: string }[];
    expect(dir).toEqual([expect.objectContaining({ name: "dependabot.yml", type: "file" }), expect.objectContaining({ name: "workflows", type: "dir" })]);
  });

  test("the tarball is a real .tar.gz of the commit's files, long paths included", async () => {
    await fake.stop();
    const world = structuredClone(orgSmall);
    const longPath = `${"deep/".repeat(30)}file.txt`;
    (world.repositories[1]!.branches.main as Record<string, string>)[longPath] = "far down\n";
    fake = await FakeGitHub.start(world);
    token = await tokenFor(fake);
    const r = await send(fake, "GET", "/api/v3/repos/acme/sandcastle/tarball/main", { token });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/x-gzip");
    const files = await readTar(r.body);
    const root = Object.keys(files)[0]!.split("/")[0]!;
    expect(root).toMatch(/^acme-sandcastle-[0-9a-f]{7}$/);
    expect(files[`${root}/README.md`]).toBe("# sandcastle\n");
    expect(files[`${root}/index.js`]).toBe("console.log('hello');\n");
    expect(files[`${root}/${longPath}`]).toBe("far down\n");
    expect(Object.keys(files)).toHaveLength(3);
  });

  test("the installation is granted exactly what app.yml asks for, under GitHub's permission names", () => {
    const known = ["actions", "administration", "checks", "contents", "issues", "metadata", "pull_requests", "secret_scanning_alerts", "security_events", "statuses", "vulnerability_alerts", "workflows"];
    for (const name of Object.keys(DEFAULT_PERMISSIONS)) expect({ name, known: known.includes(name) }).toEqual({ name, known: true });
    expect(DEFAULT_PERMISSIONS).toMatchObject({ vulnerability_alerts: "read", contents: "read", metadata: "read" });
  });

  test("writes update the world and are recorded with their bodies", async () => {
    // the dashboard file needs Contents: write, which app.yml leaves to the owner to grant
    await fake.stop();
    const granting = structuredClone(orgSmall);
    granting.installations[0]!.permissions = { ...DEFAULT_PERMISSIONS, contents: "write" };
    fake = await FakeGitHub.start(granting);
    token = await tokenFor(fake);
    const created = await send(fake, "POST", "/repos/acme/fortress/check-runs", { token, body: { name: "Security scorecard", head_sha: "abc", status: "in_progress" } });
    expect(created.status).toBe(201);
    const id = Number(json(created).id);
    const annotation = { path: "a.yml", start_line: 3, end_line: 3, annotation_level: "failure", message: "m" };
    const tooMany = await send(fake, "PATCH", `/repos/acme/fortress/check-runs/${id}`, { token, body: { output: { title: "t", summary: "s", annotations: Array(51).fill(annotation) } } });
    expect(tooMany.status).toBe(422);
    await send(fake, "PATCH", `/repos/acme/fortress/check-runs/${id}`, { token, body: { output: { title: "t", summary: "s", annotations: [annotation] } } });
    await send(fake, "PATCH", `/repos/acme/fortress/check-runs/${id}`, { token, body: { conclusion: "failure", output: { title: "t", summary: "s", annotations: [annotation] } } });
    expect(fake.repo("acme/fortress").checkRuns[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(fake.repo("acme/fortress").checkRuns[0]!.annotations).toHaveLength(2);

    const world = fake.repo("acme/fortress");
    world.spec.pulls = [{ number: 5, head: { ref: "x", sha: "abc" }, base: { ref: "main" } }];
    const c = json(await send(fake, "POST", "/repos/acme/fortress/issues/5/comments", { token, body: { body: "<!-- marker -->\nfirst" } }));
    await send(fake, "PATCH", `/repos/acme/fortress/issues/comments/${c.id}`, { token, body: { body: "<!-- marker -->\nsecond" } });
    const listed = json(await send(fake, "GET", "/repos/acme/fortress/issues/5/comments", { token })) as unknown as { body: string }[];
    expect(listed.map((x) => x.body)).toEqual(["<!-- marker -->\nsecond"]);

    const issue = json(await send(fake, "POST", "/repos/acme/fortress/issues", { token, body: { title: "Dashboard", body: "table", labels: ["scorecard"] } }));
    expect(issue.number).toBe(6); // after PR #5: one number space
    await send(fake, "PATCH", "/repos/acme/fortress/issues/6", { token, body: { state: "closed" } });
    expect(json(await send(fake, "GET", "/repos/acme/fortress/issues?state=closed&labels=scorecard", { token }))).toHaveLength(1);

    const content = Buffer.from("# Dashboard\n").toString("base64");
    const put = await send(fake, "PUT", "/repos/acme/fortress/contents/docs/DASHBOARD.md", { token, body: { message: "dashboard", content } });
    expect(put.status).toBe(201);
    const again = await send(fake, "PUT", "/repos/acme/fortress/contents/docs/DASHBOARD.md", { token, body: { message: "dashboard", content } });
    expect(again.status).toBe(422); // updating needs the blob sha
    const update = await send(fake, "PUT", "/repos/acme/fortress/contents/docs/DASHBOARD.md", {
      token,
      body: { message: "dashboard", content: Buffer.from("# Dashboard v2\n").toString("base64"), sha: blobSha("# Dashboard\n") },
    });
    expect(update.status).toBe(200);
    const read = await send(fake, "GET", "/repos/acme/fortress/contents/docs/DASHBOARD.md", { token, headers: { accept: "application/vnd.github.raw" } });
    expect(read.body.toString()).toBe("# Dashboard v2\n");

    const writes = fake.writes().filter((w) => w.repo === "acme/fortress");
    expect(writes.map((w) => `${w.method} ${w.status}`)).toEqual([
      "POST 201", "PATCH 422", "PATCH 200", "PATCH 200", "POST 201", "PATCH 200", "POST 201", "PATCH 200", "PUT 201", "PUT 422", "PUT 200",
    ]);
    expect(writes[0]!.body).toEqual({ name: "Security scorecard", head_sha: "abc", status: "in_progress" });
    expect(writes[0]!.token).toBe(token);
    expect(fake.countByRepo()["acme/fortress"]).toBe(fake.log({ repo: "acme/fortress" }).length);
  });

  test("pull request files are derived from the commits as unified-diff patches, paginated", async () => {
    await fake.stop();
    const world = structuredClone(orgSmall);
    const base = world.repositories[1]!.branches.main as Record<string, string>;
    world.repositories[1]!.pulls = [
      { number: 3, head: { ref: "feature", files: { ...base, "index.js": "console.log('hello');\nconsole.log('world');\n", "new.txt": "a\nb\n" } }, base: { ref: "main" } },
    ];
    fake = await FakeGitHub.start(world);
    token = await tokenFor(fake);
    const pr = json(await send(fake, "GET", "/repos/acme/sandcastle/pulls/3", { token }));
    expect((pr.head as { sha: string }).sha).toMatch(/^[0-9a-f]{40}$/);
    const files = json(await send(fake, "GET", "/repos/acme/sandcastle/pulls/3/files?per_page=1", { token })) as unknown as { filename: string; patch: string; status: string }[];
    expect(files).toEqual([expect.objectContaining({ filename: "index.js", status: "modified", additions: 1, deletions: 0 })]);
    expect(files[0]!.patch).toBe("@@ -1 +1,2 @@\n console.log('hello');\n+console.log('world');");
    const page2 = json(await send(fake, "GET", "/repos/acme/sandcastle/pulls/3/files?per_page=1&page=2", { token })) as unknown as { patch: string; status: string }[];
    expect(page2[0]).toMatchObject({ status: "added", patch: "@@ -0,0 +1,2 @@\n+a\n+b" });
  });

  test("security endpoints answer what GitHub answers when a feature is off", async () => {
    const get = (repo: string, p: string) => send(fake, "GET", `/repos/acme/${repo}/${p}`, { token });
    expect((await get("fortress", "vulnerability-alerts")).status).toBe(204);
    expect((await get("sandcastle", "vulnerability-alerts")).status).toBe(404);
    expect(json(await get("sandcastle", "branches/main/protection")).message).toBe("Branch not protected");
    expect(json(await get("fortress", "branches/main/protection"))).toMatchObject({ required_pull_request_reviews: { required_approving_review_count: 2 } });
    expect(json(await get("sandcastle", "code-scanning/analyses")).message).toBe("no analysis found");
    expect(json(await get("fortress", "code-scanning/analyses?tool_name=CodeQL"))).toHaveLength(1);
    expect(json(await get("sandcastle", "code-scanning/default-setup")).state).toBe("not-configured");
    expect((await get("sandcastle", "secret-scanning/alerts")).status).toBe(404);
    expect(json(await get("fortress", "secret-scanning/alerts"))).toEqual([]);
    expect((await get("sandcastle", "dependabot/alerts")).status).toBe(403);
    expect(json(await get("vault", "dependabot/alerts?state=open&severity=medium"))).toHaveLength(1);
    expect(json(await get("fortress", "private-vulnerability-reporting"))).toEqual({ enabled: true });
    expect(json(await get("sandcastle", "private-vulnerability-reporting"))).toEqual({ enabled: false });
    expect(json(await get("fortress", "automated-security-fixes"))).toEqual({ enabled: true, paused: false });
    const sets = json(await get("fortress", "rulesets")) as unknown as Record<string, unknown>[];
    expect(sets[0]).toMatchObject({ id: 7, enforcement: "active" });
    expect(sets[0]!.rules).toBeUndefined();
    expect(json(await get("fortress", "rulesets/7")).rules).toHaveLength(3);
    expect(json(await get("fortress", "rules/branches/main"))).toHaveLength(3);
    expect(json(await get("sandcastle", "rules/branches/main"))).toEqual([]);
    expect(json(await get("vault", "languages"))).toEqual({ Python: 18 });
  });

  /** git's own patch for one contiguous change, without the diff/index/---/+++ header lines. */
  function gitPatch(before: string, after: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "fake-diff-"));
    try {
      writeFileSync(path.join(dir, "a"), before);
      writeFileSync(path.join(dir, "b"), after);
      const out = spawnSync("git", ["diff", "--no-index", "--no-color", "-U3", "a", "b"], { cwd: dir, encoding: "utf8" }).stdout;
      return out.slice(out.indexOf("@@")).replace(/\n$/, "");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const ten = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
  test.each([
    ["a line changed in the middle", ten, ten.replace("line 5", "line five")],
    ["lines added at the end", ten, `${ten}eleven\ntwelve\n`],
    ["lines removed at the start", ten, ten.split("\n").slice(2).join("\n")],
    ["the last newline removed", ten, ten.slice(0, -1)],
    ["a file without a final newline gets one line more", "a\nb", "a\nb\nc"],
    ["a file emptied", "only\n", ""],
    ["a new file", "", "one\ntwo\n"],
  ])("derived patches match git's: %s", (_name, before, after) => {
    expect(patchOf(before, after).patch).toBe(gitPatch(before, after));
  });

  test("hostile and large worlds: raw tarball entries, truncated trees, files over 1 MB", async () => {
    await fake.stop();
    const world = structuredClone(orgSmall);
    const big = "x".repeat(1024 * 1024 + 10);
    const bare = world.repositories[1]!;
    (bare.branches.main as Record<string, string>)["big.txt"] = big;
    bare.treeTruncated = true;
    bare.tarball = [
      { name: "root/ok.txt", content: "fine\n" },
      { name: "root/../../escape.txt", content: "out\n" },
      { name: "/etc/absolute.txt", content: "abs\n" },
      { name: "root/link", type: "2", linkname: "/etc/passwd" },
      { name: "root/dir/", type: "5" },
    ];
    fake = await FakeGitHub.start(world);
    token = await tokenFor(fake);
    const kinds: string[] = [];
    const files = await readTar((await send(fake, "GET", "/repos/acme/sandcastle/tarball/main", { token })).body, kinds);
    expect(kinds).toEqual(["File root/ok.txt", "File root/../../escape.txt", "File /etc/absolute.txt", "SymbolicLink root/link -> /etc/passwd", "Directory root/dir/"]);
    expect(files["root/../../escape.txt"]).toBe("out\n");
    expect(json(await send(fake, "GET", "/repos/acme/sandcastle/git/trees/main?recursive=1", { token })).truncated).toBe(true);
    const meta = json(await send(fake, "GET", "/repos/acme/sandcastle/contents/big.txt", { token }));
    expect(meta).toMatchObject({ encoding: "none", content: "", size: big.length });
    const raw = await send(fake, "GET", "/repos/acme/sandcastle/contents/big.txt", { token, headers: { accept: "application/vnd.github.raw+json" } });
    expect(raw.body.length).toBe(big.length);
  });

  test("peak concurrency per installation and peak request rate", async () => {
    fake.faults.slow("GET /repos/acme/fortress", 200);
    await Promise.all(Array.from({ length: 5 }, () => send(fake, "GET", "/repos/acme/fortress", { token })));
    await send(fake, "GET", "/repos/acme/fortress", { token });
    expect(fake.peakConcurrency(1)).toBe(5);
    expect(fake.peakRate(100, 1)).toBe(5);
    expect(fake.peakRate(60_000)).toBe(7); // the token request too
  });
});
