/** GET and PUT /repos/:o/:r/contents/:path — the raw media type, base64 JSON, directories, commits. */
import { blobSha } from "../git.js";
import { acceptOf, error, notFound, ok, type Route, type RouteContext } from "../http.js";
import { addCommit, filesAt, type RepoModel } from "../world.js";

/** Over 1 MB GitHub's JSON carries no content (`encoding: "none"`): only the raw media type has it. */
const JSON_CONTENT_LIMIT = 1024 * 1024;

function fileJson(r: RepoModel, path: string, content: string, ref: string, ctx: RouteContext) {
  const size = Buffer.byteLength(content, "utf8");
  const big = size > JSON_CONTENT_LIMIT;
  return {
    type: "file",
    encoding: big ? "none" : "base64",
    size,
    name: path.slice(path.lastIndexOf("/") + 1),
    path,
    content: big ? "" : Buffer.from(content, "utf8").toString("base64").replace(/(.{60})/g, "$1\n"),
    sha: blobSha(content),
    url: `${ctx.apiBase}/repos/${r.fullName}/contents/${path}?ref=${ref}`,
    html_url: `http://github.fake/${r.fullName}/blob/${ref}/${path}`,
  };
}

function dirListing(r: RepoModel, dir: string, files: Record<string, string>, ctx: RouteContext) {
  const prefix = dir === "" ? "" : `${dir}/`;
  const seen = new Map<string, { type: "file" | "dir"; size: number; sha: string }>();
  for (const [p, content] of Object.entries(files)) {
    if (!p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    const name = rest.split("/")[0] ?? rest;
    const isDir = rest.includes("/");
    if (!seen.has(name)) seen.set(name, isDir ? { type: "dir", size: 0, sha: "" } : { type: "file", size: Buffer.byteLength(content), sha: blobSha(content) });
  }
  return [...seen.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, e]) => ({ name, path: `${prefix}${name}`, type: e.type, size: e.size, sha: e.sha, url: `${ctx.apiBase}/repos/${r.fullName}/contents/${prefix}${name}` }));
}

function getContents(ctx: RouteContext) {
  const r = ctx.repo!;
  const ref = ctx.query.get("ref") ?? r.defaultBranch;
  const at = filesAt(r, ref);
  if (!at) return notFound(`No commit found for the ref ${ref}`);
  const files = at.files;
  const path = (ctx.params.path ?? "").replace(/\/+$/, "");
  const content = files[path];
  const raw = /application\/vnd\.github(\.v3)?\.raw/.test(acceptOf(ctx));
  if (content !== undefined) {
    return raw ? { status: 200, text: content, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } } : ok(fileJson(r, path, content, ref, ctx));
  }
  const listing = dirListing(r, path, files, ctx);
  if (listing.length > 0 || path === "") return ok(listing);
  return notFound();
}

function putContents(ctx: RouteContext) {
  const r = ctx.repo!;
  const body = (ctx.body ?? {}) as { message?: string; content?: string; sha?: string; branch?: string };
  if (typeof body.message !== "string" || typeof body.content !== "string") return error(422, "Invalid request: message and content are required");
  const branch = body.branch ?? r.defaultBranch;
  const parent = r.branches.get(branch);
  if (!parent) return notFound(`Branch ${branch} not found`);
  const path = ctx.params.path ?? "";
  const before = r.commits.get(parent)?.files ?? {};
  const existing = before[path];
  if (existing !== undefined && body.sha !== blobSha(existing)) {
    return error(existing !== undefined && body.sha === undefined ? 422 : 409, `${path} does not match ${body.sha ?? "(no sha given)"}`);
  }
  const content = Buffer.from(body.content, "base64").toString("utf8");
  const sha = addCommit(r.commits, { files: { ...before, [path]: content }, parents: [parent], message: body.message });
  r.branches.set(branch, sha);
  return ok({ content: fileJson(r, path, content, branch, ctx), commit: { sha, message: body.message } }, existing === undefined ? 201 : 200);
}

export const contentsRoutes: Route[] = [
  { method: "GET", pattern: "/repos/:owner/:repo/contents", permission: "contents", handler: getContents },
  { method: "GET", pattern: "/repos/:owner/:repo/contents/*path", permission: "contents", handler: getContents },
  { method: "PUT", pattern: "/repos/:owner/:repo/contents/*path", permission: "contents:write", handler: putContents },
];
