import type { ApplicationFunction, ApplicationFunctionOptions, Context, Probot } from "probot";
import { databasePath } from "./config/env.js";
import { OrgConfigCache } from "./config/load.js";
import type { GitHubClient } from "./facts/github/octokit.js";
import type { RepoPayload } from "./facts/github/source.js";
import { forgetOrgPolicy } from "./facts/slices/security-policy.js";
import { DashboardRefresher } from "./handlers/dashboard-refresh.js";
import { installationOf, pushRescores, repositoryEffect, type PrStub } from "./handlers/events.js";
import { sweepInstallation } from "./handlers/installation.js";
import { handlePullRequest } from "./handlers/pull-request.js";
import { rescoreRepository } from "./handlers/rescore.js";
import { registerRoutes } from "./http/routes.js";
import { startScheduler } from "./scheduler.js";
import { AppState } from "./store/app-state.js";
import { Store } from "./store/store.js";

export interface AppOptions {
  store?: Store;
  /** nightly sweep interval in hours; 0 turns it off (default: SWEEP_INTERVAL_HOURS or 24) */
  sweepIntervalHours?: number;
}

/** Events that change a repository's security settings: each re-scores that repository. */
const SETTINGS_EVENTS = [
  "branch_protection_rule",
  "repository_ruleset",
  "security_and_analysis",
  "code_scanning_alert",
  "secret_scanning_alert",
  "dependabot_alert",
] as const;

/** Build the Probot app. Tests pass their own store; at run time it comes from DATABASE_PATH. */
export function createApp(opts: AppOptions = {}): ApplicationFunction {
  return (app: Probot, options?: ApplicationFunctionOptions) => {
    const store = opts.store ?? new Store(databasePath());
    try {
      if (options?.addHandler) registerRoutes(options.addHandler, store);
    } catch {
      // probot.load() without a server (tests) has nowhere to mount routes: nothing to serve
    }
    const state = new AppState(store);
    const orgConfig = new OrgConfigCache();
    const dashboards = new DashboardRefresher(store, orgConfig);
    /** After an event changed one repository's score, regenerate its installation's dashboard (debounced). */
    const refreshDashboard = (context: Context) => {
      const inst = installationOf(context.payload as never);
      if (inst) dashboards.schedule(context.octokit as GitHubClient, inst, context.log);
    };

    /** The same delivery twice acts once (GitHub redelivers; a proxy may duplicate). */
    const once =
      <C extends Context>(fn: (context: C) => Promise<void>) =>
      async (context: C): Promise<void> => {
        if (!state.claimDelivery(context.id, context.name)) {
          context.log.info({ delivery: context.id }, "delivery already handled; ignored");
          return;
        }
        try {
          await fn(context);
          state.finishDelivery(context.id);
        } catch (err) {
          state.finishDelivery(context.id, (err as Error).message);
          throw err;
        }
      };

    const deps = (context: Context) => ({ octokit: context.octokit as GitHubClient, store, state, log: context.log, orgConfig });

    app.on(
      "installation.created",
      once(async (context) => {
        const inst = installationOf(context.payload as never)!;
        await sweepInstallation(deps(context), inst, { trigger: "install" });
      }),
    );

    app.on(
      "installation_repositories.added",
      once(async (context) => {
        const inst = installationOf(context.payload as never)!;
        await sweepInstallation(deps(context), inst, { trigger: "install", names: context.payload.repositories_added.map((r) => r.full_name) });
      }),
    );

    app.on(
      "installation.deleted",
      once(async (context) => {
        store.setInstallationActive(context.payload.installation.id, false);
      }),
    );

    app.on(
      ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.ready_for_review"],
      once(async (context) => {
        await handlePullRequest(deps(context), { repository: context.payload.repository as RepoPayload, pull_request: context.payload.pull_request });
      }),
    );

    const rerun = async (context: Context, prs: readonly PrStub[], repository: RepoPayload) => {
      for (const pr of prs) await handlePullRequest(deps(context), { repository, pull_request: pr });
    };
    app.on(
      "check_run.rerequested",
      once(async (context) => {
        const run = context.payload.check_run;
        if (run.app?.id !== undefined && String(run.app.id) !== String(process.env.APP_ID ?? run.app.id)) return;
        await rerun(context, run.pull_requests as PrStub[], context.payload.repository as RepoPayload);
      }),
    );
    app.on(
      "check_suite.rerequested",
      once(async (context) => {
        await rerun(context, context.payload.check_suite.pull_requests as PrStub[], context.payload.repository as RepoPayload);
      }),
    );

    app.on(
      "push",
      once(async (context) => {
        const p = context.payload as unknown as { ref: string; after: string; deleted?: boolean; repository: RepoPayload; installation?: { id: number } };
        if (!pushRescores(p) || !p.installation) return;
        if (p.repository.name === ".github") {
          orgConfig.invalidate(p.repository.owner.login);
          forgetOrgPolicy(p.repository.owner.login);
        }
        await rescoreRepository(deps(context), p.installation.id, p.repository, { trigger: "push", commit: p.after });
        refreshDashboard(context);
      }),
    );

    app.on(
      "repository",
      once(async (context) => {
        const repo = context.payload.repository as RepoPayload;
        const installationId = context.payload.installation?.id;
        const effect = repositoryEffect(context.payload.action);
        const fullName = repo.full_name ?? `${repo.owner.login}/${repo.name}`;
        if (effect === "archive") store.markRepository(fullName, { archived: true }, repo.id);
        else if (effect === "delete") store.markRepository(fullName, { deleted: true }, repo.id);
        else if (effect === "rescore" && installationId !== undefined) await rescoreRepository(deps(context), installationId, repo, { trigger: "event" });
        if (effect !== "ignore") refreshDashboard(context);
      }),
    );

    app.on(
      [...SETTINGS_EVENTS],
      once(async (context) => {
        const payload = context.payload as { repository?: RepoPayload; installation?: { id: number; account?: { login?: string } | null }; organization?: { login: string } };
        const installationId = payload.installation?.id;
        if (installationId === undefined) return;
        if (payload.repository) {
          await rescoreRepository(deps(context), installationId, payload.repository, { trigger: "event" });
          refreshDashboard(context);
        } else if (payload.organization) {
          // an organization ruleset changed: every repository may be affected
          await sweepInstallation(deps(context), { id: installationId, account: payload.organization.login }, { trigger: "event" });
        }
      }),
    );

    const interval = opts.sweepIntervalHours ?? Number(process.env.SWEEP_INTERVAL_HOURS ?? 24);
    if (interval > 0) startScheduler(app, { store, state, orgConfig, intervalHours: interval });
  };
}

export default createApp();
