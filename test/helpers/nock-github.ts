import nock from "nock";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";

export const API = "https://api.github.com";

/** Small builders of GitHub API answers for nock, so each test reads as the requests it expects. */
export class GitHubMock {
  readonly scope: nock.Scope;
  readonly writes: { method: string; path: string; body: Record<string, unknown> }[] = [];

  constructor() {
    this.scope = nock(API);
  }

  /** Probot caches installation tokens, so a later delivery may not ask again. */
  token(installationId = 1): this {
    this.scope.post(`/app/installations/${installationId}/access_tokens`).optionally().reply(201, { token: "ghs_test", permissions: {} });
    return this;
  }

  /** No .github/scorecard.yml in the repository nor in the org's .github repository. */
  noConfig(owner: string, repo: string, times = 1): this {
    this.scope.get(`/repos/${owner}/${repo}/contents/.github%2Fscorecard.yml`).times(times).reply(404, { message: "Not Found" });
    if (repo !== ".github") this.scope.get(`/repos/${owner}/.github/contents/.github%2Fscorecard.yml`).times(times).reply(404, { message: "Not Found" });
    return this;
  }

  config(owner: string, repo: string, yaml: string): this {
    this.scope.get(`/repos/${owner}/${repo}/contents/.github%2Fscorecard.yml`).reply(200, yaml);
    return this;
  }

  tree(owner: string, repo: string, sha: string, paths: string[]): this {
    this.scope
      .get(`/repos/${owner}/${repo}/git/trees/${sha}`)
      .query({ recursive: 1 })
      .reply(200, { sha, truncated: false, tree: paths.map((path) => ({ path, type: "blob", size: 100 })) });
    return this;
  }

  /** The repository's tarball at `ref`, as GitHub serves it (gzip, one `owner-repo-sha/` root). */
  tarball(owner: string, repo: string, ref: string, files: Record<string, string>): this {
    this.scope.get(`/repos/${owner}/${repo}/tarball/${ref}`).reply(200, async () => makeTarball(`${owner}-${repo}-${ref.slice(0, 7)}`, files), {
      "content-type": "application/x-gzip",
    });
    return this;
  }

  /** GitHub refuses the archive: the source falls back to the tree and contents APIs. */
  noTarball(owner: string, repo: string, ref: string, status = 404): this {
    this.scope.get(`/repos/${owner}/${repo}/tarball/${ref}`).reply(status, { message: "Not Found" });
    return this;
  }

  file(owner: string, repo: string, path: string, ref: string, content: string): this {
    this.scope.get(`/repos/${owner}/${repo}/contents/${encodeURIComponent(path)}`).query({ ref }).reply(200, content);
    return this;
  }

  /** The org's .github repository has no SECURITY.md (community health fallback). */
  noOrgPolicy(owner: string, times = 1): this {
    this.scope.get(`/repos/${owner}/.github/git/trees/HEAD`).query({ recursive: 1 }).times(times).reply(404, { message: "Not Found" });
    return this;
  }

  prFiles(owner: string, repo: string, number: number, files: { filename: string; status?: string; patch?: string }[]): this {
    this.scope
      .get(`/repos/${owner}/${repo}/pulls/${number}/files`)
      .query({ per_page: 100 })
      .reply(200, files.map((f) => ({ status: "modified", ...f })));
    return this;
  }

  comments(owner: string, repo: string, number: number, comments: { id: number; body: string; bot?: boolean }[]): this {
    this.scope
      .get(`/repos/${owner}/${repo}/issues/${number}/comments`)
      .query({ per_page: 100 })
      .reply(200, comments.map((c) => ({ id: c.id, body: c.body, user: { type: c.bot === false ? "User" : "Bot" } })));
    return this;
  }

  /** Record the body of a write and answer it. */
  write(method: "post" | "patch" | "put", path: string, status: number, reply: Record<string, unknown> = {}): this {
    // recorded in the reply: nock may try a body matcher against other interceptors' requests
    this.scope[method](path).reply(async (request) => {
      const text = await request.text();
      this.writes.push({ method: method.toUpperCase(), path: new URL(request.url).pathname, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> });
      return [status, reply];
    });
    return this;
  }

  writesTo(pathPart: string): Record<string, unknown>[] {
    return this.writes.filter((w) => w.path.includes(pathPart)).map((w) => w.body);
  }
}

export async function makeTarball(root: string, files: Record<string, string | Buffer>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on("end", resolve);
    pack.on("error", reject);
  });
  pack.entry({ name: `${root}/`, type: "directory" });
  for (const [path, content] of Object.entries(files)) pack.entry({ name: `${root}/${path}` }, content);
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}
