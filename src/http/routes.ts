import { makeBadge } from "badge-maker";
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CHECKS } from "../checks/registry.js";
import { renderDashboard } from "../render/dashboard.js";
import { gradeColor } from "../render/dashboard-format.js";
import { dashboardJson } from "../render/dashboard-json.js";
import { dashboardData, History } from "../store/history.js";
import { orgConfigKey } from "../config/load.js";
import { repoExcluded, type RepoConfig } from "../config/schema.js";
import { AppState } from "../store/app-state.js";
import type { Store } from "../store/store.js";

/** Probot 14's node handler: true when it answered the request. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const BADGE = /^\/scorecard\/badge\/([^/]+)\/([^/]+)\.svg$/;
const DASHBOARD = /^\/scorecard\/([^/]+)\.(md|json)$/;
/** Badges are embedded in READMEs (GitHub's camo proxy caches them); scores change at most a few times a day. */
const CACHE = "public, max-age=300, stale-while-revalidate=3600";

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string, cache: string): true {
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  const headers: Record<string, string> = {
    "content-type": type,
    "cache-control": cache,
    "x-content-type-options": "nosniff",
    // an SVG opened directly must not run anything
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
  };
  if (status === 200) headers.etag = etag;
  if (status === 200 && req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers).end();
    return true;
  }
  headers["content-length"] = String(Buffer.byteLength(body));
  res.writeHead(status, headers).end(req.method === "HEAD" ? undefined : body);
  return true;
}

const notFound = (req: IncomingMessage, res: ServerResponse) => send(req, res, 404, "text/plain; charset=utf-8", "Not found\n", "no-store");

/**
 * Public, unauthenticated routes: a repository's badge and an organization's dashboard. They
 * serve public repositories only (a private or unknown one is a 404, the same answer, so its
 * existence is not revealed), each organization only from its own installation's data.
 */
export function scorecardRoutes(store: Store, now: () => Date = () => new Date()): RouteHandler {
  const history = new History(store);
  const state = new AppState(store);
  const rendered = new Map<string, string>();
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith("/scorecard/")) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return true;
    }
    const badge = BADGE.exec(url.pathname);
    if (badge) {
      const owner = decode(badge[1]!);
      const repo = decode(badge[2]!);
      if (!owner || !repo || !OWNER.test(owner) || !REPO.test(repo)) return notFound(req, res);
      const found = history.publicScore(`${owner}/${repo}`);
      if (!found) return notFound(req, res);
      const svg = makeBadge({
        label: "scorecard",
        message: found.score === null ? "unknown" : `${found.score.toFixed(1)}/10`,
        color: gradeColor(found.score),
      });
      return send(req, res, 200, "image/svg+xml; charset=utf-8", svg, CACHE);
    }
    const dash = DASHBOARD.exec(url.pathname);
    if (dash) {
      const owner = decode(dash[1]!);
      if (!owner || !OWNER.test(owner)) return notFound(req, res);
      const installationId = history.installationOf(owner);
      if (installationId === null) return notFound(req, res);
      const at = now();
      // Rendering a large organization takes a while: the same data on the same day renders the same.
      // the organization's exclude_repositories, as its last valid configuration says
      const config = state.lastValidConfig(orgConfigKey(owner)) as RepoConfig | null;
      const excluded = config?.exclude_repositories ?? [];
      const key = `${installationId}/${owner.toLowerCase()}/${dash[2]}/${history.dataVersion()}/${at.toISOString().slice(0, 10)}/${excluded.join("\0")}`;
      let body = rendered.get(key);
      if (body === undefined) {
        const exclude = config && excluded.length > 0 ? { exclude: (name: string) => repoExcluded(config, name) } : {};
        const data = dashboardData(history, { organization: owner, owner, installationId, publicOnly: true, ...exclude }, at);
        body = dash[2] === "json" ? JSON.stringify(dashboardJson(data, CHECKS), null, 2) + "\n" : renderDashboard(data, CHECKS);
        if (rendered.size >= 32) rendered.delete(rendered.keys().next().value!);
        rendered.set(key, body);
      }
      return send(req, res, 200, dash[2] === "json" ? "application/json; charset=utf-8" : "text/markdown; charset=utf-8", body, CACHE);
    }
    return notFound(req, res);
  };
}

/** Mount the routes on Probot's server (`addHandler` from the app function's options). */
export function registerRoutes(addHandler: (handler: RouteHandler) => void, store: Store): void {
  addHandler(scorecardRoutes(store));
}
