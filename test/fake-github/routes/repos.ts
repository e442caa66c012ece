/** Repository metadata, commits, trees, languages, tarballs and pull requests. */
import { pullFiles } from "../diff.js";
import { languagesOf, treeEntries } from "../git.js";
import { acceptOf, notFound, ok, paginate, type Route, type RouteContext } from "../http.js";
import { tarGz, tarGzEntries } from "../tar.js";
import { filesAt, resolveRef, type RepoModel, type WorldPull } from "../world.js";

export function repoJson(r: RepoModel, ctx: RouteContext) {
  const s = r.spec;
  const html = `http://github.fake/${r.fullName}`;
  return {
    id: s.id,
    node_id: `R_${s.id}`,
    name: s.name,
    full_name: r.fullName,
    owner: { login: s.owner, id: s.id * 7, type: "Organization" },
    private: s.private ?? false,
    visibility: s.private ? "private" : "public",
    archived: s.archived ?? false,
    disabled: false,
    fork: s.fork ?? false,
    description: s.description ?? null,
    html_url: html,
    url: `${ctx.apiBase}/repos/${r.fullName}`,
    default_branch: r.defaultBranch,
    pushed_at: s.pushed_at ?? "2026-11-01T00:00:00Z",
    created_at: "2024-01-01T00:00:00Z",
    updated_at: s.pushed_at ?? "2026-11-01T00:00:00Z",
    language: Object.keys(languages(r))[0] ?? null,
    ...(s.security_and_analysis ? { security_and_analysis: s.security_and_analysis } : {}),
  };
}

function languages(r: RepoModel): Record<string, number> {
  if (r.spec.languages) return r.spec.languages;
  const sha = r.branches.get(r.defaultBranch);
  return sha ? languagesOf(r.commits.get(sha)?.files ?? {}) : {};
}

function commitJson(r: RepoModel, sha: string, ctx: RouteContext) {
  const c = r.commits.get(sha);
  return {
    sha,
    node_id: `C_${sha}`,
    url: `${ctx.apiBase}/repos/${r.fullName}/commits/${sha}`,
    commit: {
      message: c?.message ?? "",
      tree: { sha: treeEntries(c?.files ?? {}).sha },
      author: { name: "fake", email: "fake@example.com", date: "2026-11-01T00:00:00Z" },
    },
    parents: (c?.parents ?? []).map((p) => ({ sha: p })),
  };
}

function pullJson(r: RepoModel, pr: WorldPull, ctx: RouteContext) {
  return {
    id: r.spec.id * 1000 + pr.number,
    number: pr.number,
    state: pr.state ?? "open",
    title: pr.title ?? `Pull request ${pr.number}`,
    draft: pr.draft ?? false,
    user: { login: pr.user ?? "contributor", type: "User" },
    url: `${ctx.apiBase}/repos/${r.fullName}/pulls/${pr.number}`,
    head: { ref: pr.head.ref, sha: pr.head.sha, repo: repoJson(r, ctx) },
    base: { ref: pr.base.ref, sha: pr.base.sha, repo: repoJson(r, ctx) },
  };
}

function findPull(r: RepoModel, n: string | undefined): WorldPull | undefined {
  return r.spec.pulls?.find((p) => String(p.number) === n);
}

export const repoRoutes: Route[] = [
  { method: "GET", pattern: "/repos/:owner/:repo", permission: "metadata", handler: (ctx) => ok(repoJson(ctx.repo!, ctx)) },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/commits/:ref",
    permission: "contents",
    handler: (ctx) => {
      const sha = resolveRef(ctx.repo!, ctx.params.ref);
      if (!sha) return { status: 422, json: { message: `No commit found for SHA: ${ctx.params.ref}` } };
      if (acceptOf(ctx).includes("application/vnd.github.sha")) return { status: 200, text: sha };
      // GET a single commit also lists its files with their patches, against the first parent
      const c = ctx.repo!.commits.get(sha);
      const parent = c?.parents?.[0] ? ctx.repo!.commits.get(c.parents[0])?.files : undefined;
      return ok({ ...commitJson(ctx.repo!, sha, ctx), files: pullFiles(parent ?? {}, c?.files ?? {}) });
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/branches/:branch",
    permission: "metadata",
    handler: (ctx) => {
      const sha = ctx.repo!.branches.get(ctx.params.branch ?? "");
      if (!sha) return notFound("Branch not found");
      const protectedBranch = ctx.repo!.spec.protection?.[ctx.params.branch ?? ""] !== undefined;
      return ok({ name: ctx.params.branch, commit: commitJson(ctx.repo!, sha, ctx), protected: protectedBranch });
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/git/trees/:sha",
    permission: "contents",
    handler: (ctx) => {
      const r = ctx.repo!;
      const at = filesAt(r, ctx.params.sha);
      if (!at) return notFound();
      const { sha: treeSha, entries } = treeEntries(at.files);
      const recursive = ctx.query.has("recursive") && !["0", "false"].includes(ctx.query.get("recursive") ?? "");
      const shown = recursive ? entries : entries.filter((e) => !e.path.includes("/"));
      const tree = shown.map((e) => ({
        ...e,
        url: `${ctx.apiBase}/repos/${r.fullName}/git/${e.type === "blob" ? "blobs" : "trees"}/${e.sha}`,
      }));
      return ok({ sha: treeSha, url: `${ctx.apiBase}/repos/${r.fullName}/git/trees/${treeSha}`, tree, truncated: r.spec.treeTruncated ?? false });
    },
  },
  { method: "GET", pattern: "/repos/:owner/:repo/languages", permission: "metadata", handler: (ctx) => ok(languages(ctx.repo!)) },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/tarball/*ref",
    permission: "contents",
    handler: (ctx) => {
      const r = ctx.repo!;
      const at = filesAt(r, ctx.params.ref);
      if (!at) return notFound();
      const { sha, files } = at;
      const root = `${r.spec.owner}-${r.spec.name}-${sha.slice(0, 7)}`;
      return {
        status: 200,
        raw: r.spec.tarball ? tarGzEntries(r.spec.tarball) : tarGz(root, files, 0, sha),
        headers: { "content-type": "application/x-gzip", "content-disposition": `attachment; filename=${root}.tar.gz` },
      };
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number",
    permission: "pull_requests",
    handler: (ctx) => {
      const pr = findPull(ctx.repo!, ctx.params.number);
      return pr ? ok(pullJson(ctx.repo!, pr, ctx)) : notFound();
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number/files",
    permission: "pull_requests",
    handler: (ctx) => {
      const r = ctx.repo!;
      const pr = findPull(r, ctx.params.number);
      if (!pr) return notFound();
      const files = pr.files ?? pullFiles(r.commits.get(pr.base.sha ?? "")?.files ?? {}, r.commits.get(pr.head.sha ?? "")?.files ?? {});
      const shaped = files.map((f) => ({
        sha: null,
        additions: 0,
        deletions: 0,
        ...f,
        changes: (f.additions ?? 0) + (f.deletions ?? 0),
        raw_url: `http://github.fake/${r.fullName}/raw/${pr.head.sha}/${f.filename}`,
      }));
      const { page, headers } = paginate(ctx, shaped);
      return { status: 200, json: page, headers };
    },
  },
];
