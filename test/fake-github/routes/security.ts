/**
 * Branch protection, rules, rulesets, code scanning, Dependabot, secret scanning and private
 * vulnerability reporting. Each answers what GitHub answers when the feature is off: the
 * statuses and messages below are GitHub's.
 */
import { error, notFound, ok, paginate, type Reply, type Route, type RouteContext } from "../http.js";
import { isAnswer, type OrAnswer } from "../world.js";

function answer<T>(v: OrAnswer<T>, shape: (t: T) => Reply): Reply {
  return isAnswer(v) ? error(v.$status, v.message ?? "Error") : shape(v);
}

function list(ctx: RouteContext, items: readonly unknown[]): Reply {
  const { page, headers } = paginate(ctx, items);
  return { status: 200, json: page, headers };
}

function rulesetSummary(r: Record<string, unknown>) {
  const { rules: _rules, conditions: _conditions, bypass_actors: _actors, ...summary } = r;
  return summary;
}

export const securityRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/branches/:branch/protection",
    permission: "administration",
    handler: (ctx) => {
      const p = ctx.repo!.spec.protection?.[ctx.params.branch ?? ""];
      if (p === undefined) return notFound("Branch not protected");
      return answer(p, ok);
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/rules/branches/:branch",
    permission: "metadata",
    handler: (ctx) => answer(ctx.repo!.spec.rules?.[ctx.params.branch ?? ""] ?? [], (rules) => list(ctx, rules)),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/rulesets",
    permission: "metadata",
    handler: (ctx) => answer(ctx.repo!.spec.rulesets ?? [], (sets) => list(ctx, sets.map(rulesetSummary))),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/rulesets/:id",
    permission: "metadata",
    handler: (ctx) =>
      answer(ctx.repo!.spec.rulesets ?? [], (sets) => {
        const found = sets.find((s) => String(s.id) === ctx.params.id);
        return found ? ok(found) : notFound();
      }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/code-scanning/default-setup",
    permission: "administration",
    handler: (ctx) => answer(ctx.repo!.spec.codeScanningDefaultSetup ?? { state: "not-configured", languages: [], query_suite: "default", updated_at: null, schedule: null }, ok),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/code-scanning/analyses",
    permission: "security_events",
    handler: (ctx) =>
      answer(ctx.repo!.spec.codeScanningAnalyses ?? [], (analyses) => {
        if (analyses.length === 0) return notFound("no analysis found");
        const ref = ctx.query.get("ref");
        const toolName = ctx.query.get("tool_name");
        const shown = analyses.filter((a) => (!ref || a.ref === ref) && (!toolName || (a.tool as { name?: string } | undefined)?.name === toolName));
        return list(ctx, shown);
      }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/vulnerability-alerts",
    permission: "administration",
    handler: (ctx) => (ctx.repo!.spec.vulnerabilityAlerts ? { status: 204 } : notFound()),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/automated-security-fixes",
    permission: "administration",
    handler: (ctx) => answer(ctx.repo!.spec.automatedSecurityFixes ?? { enabled: false, paused: false }, ok),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/dependabot/alerts",
    permission: "vulnerability_alerts",
    handler: (ctx) => {
      const s = ctx.repo!.spec;
      const alerts = s.dependabotAlerts ?? (s.vulnerabilityAlerts ? [] : { $status: 403, message: "Dependabot alerts are disabled for this repository." });
      return answer(alerts, (items) => {
        const state = ctx.query.get("state");
        const severity = ctx.query.get("severity");
        const shown = items.filter(
          (a) =>
            (!state || state.split(",").includes(String(a.state ?? "open"))) &&
            (!severity || severity.split(",").includes(String((a.security_advisory as { severity?: string } | undefined)?.severity ?? ""))),
        );
        return list(ctx, shown);
      });
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/secret-scanning/alerts",
    permission: "secret_scanning_alerts",
    handler: (ctx) => {
      const alerts = ctx.repo!.spec.secretScanningAlerts ?? { $status: 404, message: "Secret scanning is disabled on this repository." };
      return answer(alerts, (items) => {
        const state = ctx.query.get("state");
        return list(ctx, items.filter((a) => !state || state.split(",").includes(String(a.state ?? "open"))));
      });
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/private-vulnerability-reporting",
    permission: "administration",
    handler: (ctx) => answer(ctx.repo!.spec.privateVulnerabilityReporting ?? false, (enabled) => ok({ enabled })),
  },
];
