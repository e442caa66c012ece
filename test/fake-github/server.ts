/**
 * A loopback fake of the GitHub REST API (node:http only), serving a World under both `/` and
 * `/api/v3/` (how Probot reaches a GHE_HOST). It authenticates like GitHub (JWT for /app routes,
 * installation tokens elsewhere, repositories outside the installation are 404), enforces the
 * installation's permissions, sends rate-limit headers and strong ETags, injects faults on demand
 * and records every request. See README.md for the world format.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Faults, type FaultAnswer } from "./faults.js";
import { compile, error, notFound, type Reply, type Route, type RouteContext } from "./http.js";
import { appRoutes, DEFAULT_PERMISSIONS } from "./routes/app.js";
import { checksRoutes } from "./routes/checks.js";
import { contentsRoutes } from "./routes/contents.js";
import { issuesRoutes } from "./routes/issues.js";
import { repoRoutes } from "./routes/repos.js";
import { graphqlRoutes } from "./routes/graphql.js";
import { securityRoutes } from "./routes/security.js";
import { addCommit, buildModel, type Files, type Model, type RepoModel, type World, type WorldInstallation } from "./world.js";

export interface RecordedRequest {
  seq: number;
  method: string;
  /** path without the /api/v3 prefix and without the query */
  path: string;
  query: Record<string, string>;
  status: number;
  /** the route pattern that answered, or "(unknown)" */
  route: string;
  /** "owner/name" for /repos/:owner/:repo/… routes */
  repo: string | null;
  installationId: number | null;
  /** the bearer token, or "jwt" for the app's JSON web token, or null */
  token: string | null;
  /** parsed JSON body of writes */
  body?: unknown;
  accept?: string;
  ifNoneMatch?: string;
  /** which fault rules affected the request */
  faults?: string[];
  at: number;
  ms: number;
}

export interface FakeOptions {
  /** primary rate limit per installation per hour (GitHub's default for apps is 5,000) */
  rateLimit?: number;
}

const ROUTES: { route: Route; re: RegExp }[] = [...appRoutes, ...repoRoutes, ...contentsRoutes, ...securityRoutes, ...checksRoutes, ...issuesRoutes, ...graphqlRoutes].map((route) => ({
  route,
  re: compile(route.pattern),
}));
const MAX_BODY = 10 * 1024 * 1024;

export class FakeGitHub {
  readonly model: Model;
  readonly faults = new Faults();
  readonly requests: RecordedRequest[] = [];
  private readonly used = new Map<string, number>();
  private readonly resetAt = Math.floor(Date.now() / 1000) + 3600;
  private readonly limit: number;
  private server?: Server;
  private seq = 0;
  /** requests received and not yet answered */
  inFlight = 0;
  private readonly active = new Map<string, number>();
  private readonly peaks = new Map<string, number>();

  private constructor(world: World, opts: FakeOptions) {
    this.model = buildModel(world);
    this.limit = opts.rateLimit ?? 5000;
  }

  static async start(world: World, opts: FakeOptions = {}): Promise<FakeGitHub> {
    const fake = new FakeGitHub(world, opts);
    const server = createServer((req, res) => {
      fake.handle(req, res).catch((err: Error) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `fake GitHub bug: ${err.message}` }));
      });
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    fake.server = server;
    return fake;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }
  /** "127.0.0.1:PORT", what GHE_HOST takes */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }
  get url(): string {
    return `http://${this.host}`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    this.server = undefined;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  repo(fullName: string): RepoModel {
    const r = this.model.repos.get(fullName.toLowerCase());
    if (!r) throw new Error(`no repository ${fullName} in the world`);
    return r;
  }

  /** Commit `files` (the whole tree) on top of a branch, as a push would; returns the new sha. */
  push(fullName: string, branch: string, files: Files, message = "push"): string {
    const r = this.repo(fullName);
    const parent = r.branches.get(branch);
    const sha = addCommit(r.commits, { files, parents: parent ? [parent] : [], message });
    r.branches.set(branch, sha);
    return sha;
  }

  /** A new head commit on a pull request (its files derive from the new head); returns the sha. */
  pushToPull(fullName: string, number: number, files: Files, message = "push to PR"): string {
    const r = this.repo(fullName);
    const pr = r.spec.pulls?.find((p) => p.number === number);
    if (!pr) throw new Error(`no pull request #${number} in ${fullName}`);
    const sha = addCommit(r.commits, { files, parents: pr.head.sha ? [pr.head.sha] : [], message });
    pr.head.sha = sha;
    delete pr.files;
    r.branches.set(pr.head.ref, sha);
    return sha;
  }

  /** Requests the app made (404s and faults included), optionally filtered. */
  log(filter: { repo?: string; method?: string; route?: string | RegExp } = {}): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        (!filter.repo || r.repo?.toLowerCase() === filter.repo.toLowerCase()) &&
        (!filter.method || r.method === filter.method) &&
        (!filter.route || (typeof filter.route === "string" ? r.route === filter.route : filter.route.test(`${r.method} ${r.path}`))),
    );
  }

  /** Requests per repository ("owner/name" → count); requests outside /repos are under "(none)". */
  countByRepo(requests: readonly RecordedRequest[] = this.requests): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of requests) out[r.repo ?? "(none)"] = (out[r.repo ?? "(none)"] ?? 0) + 1;
    return out;
  }

  /** Most requests of one installation in flight at once, since the fake started. */
  peakConcurrency(installationId: number): number {
    return this.peaks.get(String(installationId)) ?? 0;
  }

  /** Most requests (of one installation, or all) received within any `windowMs`. */
  peakRate(windowMs = 1000, installationId?: number): number {
    const times = this.requests.filter((r) => installationId === undefined || r.installationId === installationId).map((r) => r.at);
    let best = 0;
    let lo = 0;
    for (let hi = 0; hi < times.length; hi++) {
      while (times[hi]! - times[lo]! >= windowMs) lo++;
      best = Math.max(best, hi - lo + 1);
    }
    return best;
  }

  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD");
  }

  clearLog(): void {
    this.requests.length = 0;
  }

  /** Remaining primary rate limit of an installation (set it to 0 to see the app wait for reset). */
  setRemaining(installationId: number, remaining: number): void {
    this.used.set(String(installationId), this.limit - remaining);
  }

  /** Poll until `pred` holds over the request log; rejects after `timeoutMs` with `what`. */
  async until(pred: (log: RecordedRequest[]) => boolean, what: string, timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.requests)) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    res.once("close", () => this.inFlight--);
    const started = Date.now();
    const rawBody = await readBody(req);
    const host = req.headers.host ?? this.host;
    const url = new URL(req.url ?? "/", `http://${host}`);
    const prefixed = url.pathname === "/api/v3" || url.pathname.startsWith("/api/v3/");
    const path = (prefixed ? url.pathname.slice("/api/v3".length) : url.pathname) || "/";
    const method = (req.method ?? "GET").toUpperCase();
    const apiBase = `http://${host}${prefixed ? "/api/v3" : ""}`;
    const auth = this.authenticate(req.headers.authorization);
    const who = auth.installation ? String(auth.installation.id) : "other";
    this.active.set(who, (this.active.get(who) ?? 0) + 1);
    this.peaks.set(who, Math.max(this.peaks.get(who) ?? 0, this.active.get(who)!));
    res.once("close", () => this.active.set(who, (this.active.get(who) ?? 1) - 1));
    const entry: RecordedRequest = {
      seq: ++this.seq,
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      route: "(unknown)",
      repo: null,
      installationId: auth.installation?.id ?? null,
      token: auth.token,
      at: started,
      ms: 0,
      ...headerFields(req),
    };
    let body: unknown;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody.toString("utf8"));
      } catch {
        body = rawBody.toString("utf8");
      }
      entry.body = body;
    }
    this.requests.push(entry);

    const fault = this.faults.take(method, path);
    if (fault.labels.length) entry.faults = fault.labels;
    if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));

    const rateKey = auth.installation ? String(auth.installation.id) : auth.token === "jwt" ? "app" : null;
    let reply: Reply;
    if (fault.answer && fault.answer.kind !== "truncate") {
      reply = faultReply(fault.answer);
      if (fault.answer.kind === "status") entry.route = routeOf(method, path) ?? entry.route;
    } else {
      reply = await this.dispatch({ method, path, query: url.searchParams, headers: req.headers, body, apiBase, selfUrl: `${apiBase}${path}`, auth, entry, rateKey });
    }

    const headers: Record<string, string> = {
      "x-github-request-id": `FAKE:${entry.seq}`,
      "x-github-media-type": "github.v3; format=json",
      ...this.rateHeaders(rateKey, reply.status),
      ...reply.headers,
    };
    let payload: Buffer | undefined = reply.raw ?? (reply.text !== undefined ? Buffer.from(reply.text, "utf8") : reply.json !== undefined ? Buffer.from(JSON.stringify(reply.json), "utf8") : undefined);
    headers["content-type"] ??= reply.raw ? "application/octet-stream" : reply.text !== undefined ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
    let status = reply.status;
    if (method === "GET" && status === 200 && payload) {
      const etag = `"${createHash("sha256").update(payload).digest("hex").slice(0, 40)}"`;
      headers.etag = etag;
      if (entry.ifNoneMatch && entry.ifNoneMatch.split(",").map((s) => s.trim().replace(/^W\//, "")).includes(etag)) {
        status = 304;
        payload = undefined;
        this.refund(rateKey);
        Object.assign(headers, this.rateHeaders(rateKey, 304));
      }
    }
    entry.status = status;
    entry.ms = Date.now() - started;
    if (status === 204 || status === 304 || !payload) {
      delete headers["content-type"];
      res.writeHead(status, headers);
      res.end();
      return;
    }
    if (fault.answer?.kind === "truncate") {
      const half = payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)));
      if (fault.answer.mode === "connection") {
        res.writeHead(status, { ...headers, "content-length": String(payload.length) });
        res.write(half, () => res.destroy());
        return;
      }
      payload = half;
    }
    res.writeHead(status, { ...headers, "content-length": String(payload.length) });
    res.end(payload);
  }

  private async dispatch(args: {
    method: string;
    path: string;
    query: URLSearchParams;
    headers: IncomingMessage["headers"];
    body: unknown;
    apiBase: string;
    selfUrl: string;
    auth: { installation: WorldInstallation | null; token: string | null };
    entry: RecordedRequest;
    rateKey: string | null;
  }): Promise<Reply> {
    const { method, path, auth, entry } = args;
    const found = match(method, path);
    if (!found) return notFound();
    entry.route = found.route.pattern;
    const isAppRoute = path.startsWith("/app");
    if (isAppRoute && auth.token !== "jwt") return error(401, "A JSON web token could not be decoded");
    if (!isAppRoute && !auth.installation) return error(401, "Bad credentials");
    if (args.rateKey && this.remaining(args.rateKey) <= 0) {
      return { status: 403, json: { message: `API rate limit exceeded for installation ID ${auth.installation?.id}.` } };
    }
    let repo: RepoModel | null = null;
    if (found.params.owner !== undefined && found.params.repo !== undefined) {
      const full = `${found.params.owner}/${found.params.repo}`;
      const candidate = this.model.repos.get(full.toLowerCase());
      const visible = candidate && auth.installation?.repositories.some((n) => n.toLowerCase() === full.toLowerCase());
      entry.repo = candidate?.fullName ?? full;
      if (!candidate || !visible) return notFound();
      repo = candidate;
    }
    if (found.route.permission && auth.installation && !permitted(auth.installation, found.route.permission)) {
      return error(403, "Resource not accessible by integration");
    }
    const ctx: RouteContext = {
      method,
      params: found.params,
      query: args.query,
      headers: args.headers,
      body: args.body,
      model: this.model,
      installation: auth.installation,
      repo,
      selfUrl: args.selfUrl,
      apiBase: args.apiBase,
    };
    return found.route.handler(ctx);
  }

  private authenticate(header: string | undefined): { installation: WorldInstallation | null; token: string | null } {
    const m = /^(?:bearer|token)\s+(\S+)$/i.exec(header ?? "");
    if (!m?.[1]) return { installation: null, token: null };
    const token = m[1];
    const instId = this.model.tokens.get(token);
    if (instId !== undefined) return { installation: this.model.installations.find((i) => i.id === instId) ?? null, token };
    if (token.split(".").length === 3) return { installation: null, token: "jwt" };
    return { installation: null, token };
  }

  private remaining(key: string): number {
    return this.limit - (this.used.get(key) ?? 0);
  }

  private refund(key: string | null): void {
    if (key) this.used.set(key, Math.max(0, (this.used.get(key) ?? 0) - 1));
  }

  /** Count this request (every answer but a 304 counts, as on GitHub) and describe the budget. */
  private rateHeaders(key: string | null, status: number): Record<string, string> {
    if (!key) return {};
    if (status !== 304) this.used.set(key, Math.min(this.limit, (this.used.get(key) ?? 0) + 1));
    const used = this.used.get(key) ?? 0;
    return {
      "x-ratelimit-limit": String(this.limit),
      "x-ratelimit-remaining": String(this.limit - used),
      "x-ratelimit-reset": String(this.resetAt),
      "x-ratelimit-used": String(used),
      "x-ratelimit-resource": "core",
    };
  }
}

function match(method: string, path: string): { route: Route; params: Record<string, string> } | null {
  for (const { route, re } of ROUTES) {
    if (route.method !== method) continue;
    const m = re.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = safeDecode(v);
    return { route, params };
  }
  return null;
}

function routeOf(method: string, path: string): string | null {
  return match(method, path)?.route.pattern ?? null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function permitted(inst: WorldInstallation, needed: string): boolean {
  const [name, level = "read"] = needed.split(":") as [string, string?];
  const granted = (inst.permissions ?? DEFAULT_PERMISSIONS)[name];
  if (name === "metadata") return true;
  return granted === "write" || (granted === "read" && level === "read");
}

function faultReply(a: Exclude<FaultAnswer, { kind: "truncate" }>): Reply {
  if (a.kind === "rateLimit") return { status: a.status, json: { message: a.message, documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" }, headers: { "retry-after": String(a.retryAfter) } };
  return error(a.status, a.message ?? (a.status >= 500 ? "Server Error" : "Injected fault"));
}

function headerFields(req: IncomingMessage): { accept?: string; ifNoneMatch?: string } {
  const out: { accept?: string; ifNoneMatch?: string } = {};
  if (typeof req.headers.accept === "string") out.accept = req.headers.accept;
  if (typeof req.headers["if-none-match"] === "string") out.ifNoneMatch = req.headers["if-none-match"];
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
