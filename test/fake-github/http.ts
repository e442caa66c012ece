/** The fake's routing vocabulary: what a route handler sees and what it answers. */
import type { Model, RepoModel, WorldInstallation } from "./world.js";

export interface Reply {
  status: number;
  /** serialised as JSON */
  json?: unknown;
  /** sent as is (raw file content, a sha) */
  text?: string;
  raw?: Buffer;
  headers?: Record<string, string>;
}

export interface RouteContext {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  model: Model;
  installation: WorldInstallation | null;
  /** set for /repos/:owner/:repo/… routes, after the access check */
  repo: RepoModel | null;
  /** absolute URL of this request without its query, for Link headers */
  selfUrl: string;
  /** URL prefix ("http://host/api/v3" or "http://host") for urls in bodies */
  apiBase: string;
}

export interface Route {
  method: string;
  /** "/repos/:owner/:repo/contents/*path": `:x` one segment, `*x` the rest */
  pattern: string;
  /** the installation permission GitHub requires, e.g. "administration" */
  permission?: string;
  handler: (ctx: RouteContext) => Reply | Promise<Reply>;
}

export const notFound = (message = "Not Found"): Reply => ({
  status: 404,
  json: { message, documentation_url: "https://docs.github.com/rest", status: "404" },
});

export const error = (status: number, message: string): Reply => ({
  status,
  json: { message, documentation_url: "https://docs.github.com/rest", status: String(status) },
});

export const ok = (json: unknown, status = 200): Reply => ({ status, json });

export function compile(pattern: string): RegExp {
  const src = pattern
    .split("/")
    .map((seg) => {
      if (seg.startsWith(":")) return `(?<${seg.slice(1)}>[^/]+)`;
      if (seg.startsWith("*")) return `(?<${seg.slice(1)}>.+)`;
      return seg.replace(/[.+?^${}()|[\]\\-]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${src}$`);
}

/** Slice `items` by page/per_page and build GitHub's Link header (first/prev/next/last). */
export function paginate<T>(ctx: RouteContext, items: readonly T[], defaultPerPage = 30): { page: T[]; headers: Record<string, string> } {
  const perPage = clamp(Number(ctx.query.get("per_page") ?? defaultPerPage) || defaultPerPage, 1, 100);
  const pageNo = Math.max(1, Number(ctx.query.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const page = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const link = (n: number, rel: string) => {
    const q = new URLSearchParams(ctx.query);
    q.set("per_page", String(perPage));
    q.set("page", String(n));
    return `<${ctx.selfUrl}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNo > 1) links.push(link(pageNo - 1, "prev"));
  if (pageNo < last) links.push(link(pageNo + 1, "next"), link(last, "last"));
  if (pageNo > 1) links.push(link(1, "first"));
  return { page, headers: links.length ? { link: links.join(", ") } : {} };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(n)));
}

export function acceptOf(ctx: RouteContext): string {
  const a = ctx.headers.accept;
  return (Array.isArray(a) ? a.join(",") : (a ?? "")).toLowerCase();
}

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}
