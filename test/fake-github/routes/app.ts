/** App-level routes: installation tokens and the installation's repository list. */
import { randomBytes } from "node:crypto";
import { error, notFound, ok, paginate, type Route, type RouteContext } from "../http.js";
import type { Model, WorldInstallation } from "../world.js";
import { repoJson } from "./repos.js";

/** What the app asks for in app.yml; an installation without `permissions` grants all of it. */
export const DEFAULT_PERMISSIONS: Record<string, "read" | "write"> = {
  metadata: "read",
  contents: "write",
  administration: "read",
  checks: "write",
  pull_requests: "write",
  issues: "write",
  security_events: "read",
  vulnerability_alerts: "read",
  secret_scanning_alerts: "read",
  actions: "read",
};

export function installationJson(inst: WorldInstallation, ctx: RouteContext) {
  return {
    id: inst.id,
    account: { login: inst.account.login, id: inst.account.id ?? inst.id * 10, type: inst.account.type ?? "Organization" },
    app_id: 1,
    target_type: inst.account.type ?? "Organization",
    repository_selection: "selected",
    permissions: inst.permissions ?? DEFAULT_PERMISSIONS,
    events: [],
    access_tokens_url: `${ctx.apiBase}/app/installations/${inst.id}/access_tokens`,
  };
}

function findInstallation(model: Model, id: string): WorldInstallation | undefined {
  return model.installations.find((i) => String(i.id) === id);
}

export const appRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/app",
    handler: () => ok({ id: 1, slug: "scorecard-bot", name: "scorecard-bot", owner: { login: "scorecard" } }),
  },
  {
    method: "GET",
    pattern: "/app/installations",
    handler: (ctx) => ok(ctx.model.installations.map((i) => installationJson(i, ctx))),
  },
  {
    method: "GET",
    pattern: "/app/installations/:id",
    handler: (ctx) => {
      const inst = findInstallation(ctx.model, ctx.params.id ?? "");
      return inst ? ok(installationJson(inst, ctx)) : notFound();
    },
  },
  {
    method: "POST",
    pattern: "/app/installations/:id/access_tokens",
    handler: (ctx) => {
      const inst = findInstallation(ctx.model, ctx.params.id ?? "");
      if (!inst) return notFound();
      const token = `ghs_fake${inst.id}_${randomBytes(12).toString("hex")}`;
      ctx.model.tokens.set(token, inst.id);
      return ok(
        {
          token,
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          permissions: inst.permissions ?? DEFAULT_PERMISSIONS,
          repository_selection: "selected",
        },
        201,
      );
    },
  },
  {
    method: "GET",
    pattern: "/installation/repositories",
    handler: (ctx) => {
      if (!ctx.installation) return error(401, "Bad credentials");
      const repos = ctx.installation.repositories
        .map((n) => ctx.model.repos.get(n.toLowerCase()))
        .filter((r) => r !== undefined)
        .map((r) => repoJson(r, ctx));
      const { page, headers } = paginate(ctx, repos);
      return { status: 200, json: { total_count: repos.length, repository_selection: "selected", repositories: page }, headers };
    },
  },
];
