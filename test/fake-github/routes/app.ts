/** App-level routes: installation tokens and the installation's repository list. */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { error, notFound, ok, paginate, type Route, type RouteContext } from "../http.js";
import type { Model, WorldInstallation } from "../world.js";
import { repoJson } from "./repos.js";

/**
 * What the app asks for: read from app.yml itself, so the fake grants exactly that (a permission
 * misnamed there is then missing here too). An installation without `permissions` grants it all.
 */
export const DEFAULT_PERMISSIONS: Record<string, "read" | "write"> = appPermissions();

function appPermissions(): Record<string, "read" | "write"> {
  // this file runs from test/ (ts-jest) and from bench/out/ (compiled): look upwards for app.yml
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "app.yml");
    if (existsSync(file)) return (parseYaml(readFileSync(file, "utf8")) as { default_permissions: Record<string, "read" | "write"> }).default_permissions;
    if (path.dirname(dir) === dir) throw new Error("app.yml not found above the fake GitHub");
  }
}

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
