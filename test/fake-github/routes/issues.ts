/** Issues and issue (PR) comments; pull requests share the issue number space as on GitHub. */
import { error, notFound, now, ok, paginate, type Route, type RouteContext } from "../http.js";
import type { CommentRecord, IssueRecord, RepoModel } from "../world.js";

const BOT = { login: "scorecard-bot[bot]", type: "Bot" };

function commentJson(c: CommentRecord, ctx: RouteContext) {
  return { ...c, url: `${ctx.apiBase}/repos/${ctx.repo!.fullName}/issues/comments/${c.id}`, html_url: `http://github.fake/${ctx.repo!.fullName}/issues/${c.issue_number}#issuecomment-${c.id}` };
}

function issueJson(i: IssueRecord, ctx: RouteContext) {
  return {
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    labels: i.labels.map((name) => ({ name })),
    user: BOT,
    url: `${ctx.apiBase}/repos/${ctx.repo!.fullName}/issues/${i.number}`,
    html_url: `http://github.fake/${ctx.repo!.fullName}/issues/${i.number}`,
  };
}

function numberExists(r: RepoModel, n: number): boolean {
  return r.issues.some((i) => i.number === n) || (r.spec.pulls ?? []).some((p) => p.number === n);
}

function nextNumber(r: RepoModel): number {
  const used = [...r.issues.map((i) => i.number), ...(r.spec.pulls ?? []).map((p) => p.number)];
  return Math.max(0, ...used) + 1;
}

function bodyOf(ctx: RouteContext): Record<string, unknown> {
  return (ctx.body ?? {}) as Record<string, unknown>;
}

export const issuesRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number/comments",
    permission: "issues",
    handler: (ctx) => {
      const n = Number(ctx.params.number);
      if (!numberExists(ctx.repo!, n)) return notFound();
      const { page, headers } = paginate(ctx, ctx.repo!.comments.filter((c) => c.issue_number === n).map((c) => commentJson(c, ctx)));
      return { status: 200, json: page, headers };
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:number/comments",
    permission: "issues:write",
    handler: (ctx) => {
      const n = Number(ctx.params.number);
      if (!numberExists(ctx.repo!, n)) return notFound();
      const body = bodyOf(ctx).body;
      if (typeof body !== "string" || body === "") return error(422, "Invalid request: body is required");
      const at = now();
      const c: CommentRecord = { id: ctx.model.nextId(), issue_number: n, body, created_at: at, updated_at: at, user: BOT };
      ctx.repo!.comments.push(c);
      return ok(commentJson(c, ctx), 201);
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/issues/comments/:id",
    permission: "issues:write",
    handler: (ctx) => {
      const c = ctx.repo!.comments.find((x) => String(x.id) === ctx.params.id);
      if (!c) return notFound();
      const body = bodyOf(ctx).body;
      if (typeof body !== "string" || body === "") return error(422, "Invalid request: body is required");
      c.body = body;
      c.updated_at = now();
      return ok(commentJson(c, ctx));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues",
    permission: "issues",
    handler: (ctx) => {
      const state = ctx.query.get("state") ?? "open";
      const labels = (ctx.query.get("labels") ?? "").split(",").filter(Boolean);
      const shown = ctx.repo!.issues.filter((i) => (state === "all" || i.state === state) && labels.every((l) => i.labels.includes(l)));
      const { page, headers } = paginate(ctx, [...shown].reverse().map((i) => issueJson(i, ctx)));
      return { status: 200, json: page, headers };
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number",
    permission: "issues",
    handler: (ctx) => {
      const i = ctx.repo!.issues.find((x) => String(x.number) === ctx.params.number);
      return i ? ok(issueJson(i, ctx)) : notFound();
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues",
    permission: "issues:write",
    handler: (ctx) => {
      const b = bodyOf(ctx);
      if (typeof b.title !== "string" || b.title === "") return error(422, "Invalid request: title is required");
      const labels = Array.isArray(b.labels) ? b.labels.map((l) => (typeof l === "string" ? l : String((l as { name?: string }).name))) : [];
      const issue: IssueRecord = { number: nextNumber(ctx.repo!), title: b.title, body: typeof b.body === "string" ? b.body : "", state: "open", labels };
      ctx.repo!.issues.push(issue);
      return ok(issueJson(issue, ctx), 201);
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/issues/:number",
    permission: "issues:write",
    handler: (ctx) => {
      const i = ctx.repo!.issues.find((x) => String(x.number) === ctx.params.number);
      if (!i) return notFound();
      const b = bodyOf(ctx);
      if (typeof b.title === "string") i.title = b.title;
      if (typeof b.body === "string") i.body = b.body;
      if (b.state === "open" || b.state === "closed") i.state = b.state;
      if (Array.isArray(b.labels)) i.labels = b.labels.map(String);
      return ok(issueJson(i, ctx));
    },
  },
];
