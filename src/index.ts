import type { EmitterWebhookEventName } from "@octokit/webhooks";
import type { ApplicationFunction, ApplicationFunctionOptions, Context, Probot } from "probot";
import { databasePath } from "./config/env.js";
import { OrgConfigCache } from "./config/load.js";
import { useConditionalRequests } from "./facts/github/conditional.js";
import { usePacing } from "./facts/github/pacing.js";
import type { GitHubClient } from "./facts/github/octokit.js";
import { fullNameOf, type RepoPayload } from "./facts/github/source.js";
import { forgetOrgRulesets } from "./facts/slices/branch-protection.js";
import { forgetOrgPolicy } from "./facts/slices/security-policy.js";
import { DashboardRefresher } from "./handlers/dashboard-refresh.js";
import { installationOf, pushRescores, repositoryEffect, type PrStub } from "./handlers/events.js";
import { pushChanges, pushedCommits, type PushPayload } from "./handlers/push-changes.js";
import { sweepInstallation } from "./handlers/installation.js";
import { jobAttempt, JobRunner, type JobHandler } from "./handlers/job-runner.js";
import { handlePullRequest } from "./handlers/pull-request.js";
import { rescoreRepository } from "./handlers/rescore.js";
import { registerRoutes } from "./http/routes.js";
import { startScheduler } from "./scheduler.js";
import { AppState } from "./store/app-state.js";
import { HttpCache } from "./store/http-cache.js";
import { JobQueue } from "./store/jobs.js";
import { Store } from "./store/store.js";

export interface AppOptions {
  store?: Store;
  /** nightly sweep interval in hours; 0 turns it off (default: SWEEP_INTERVAL_HOURS or 24) */
  sweepIntervalHours?: number;
  /** run each delivery's job before `receive` resolves (tests); at run time jobs run after the answer */
  processInline?: boolean;
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
      if (inst) dashboards.schedule(client(context), inst, context.log);
    };

    const queue = new JobQueue(store);
    const runner = new JobRunner(app, queue);
    const recovered = queue.recover();
    if (recovered > 0) app.log.info({ jobs: recovered }, "resuming jobs a stopped process left running");

    /**
     * Every delivery is persisted before the HTTP answer (so GitHub's 10-second timeout is never
     * at stake and nothing is lost if the process dies) and run by the job runner; the same
     * delivery id twice is one job.
     */
    const enqueue = async (context: Context): Promise<void> => {
      const payload = context.payload as { action?: string; installation?: { id: number } };
      const fresh = queue.enqueue({ id: context.id, event: context.name, action: payload.action ?? null, installationId: payload.installation?.id ?? null, payload });
      if (!fresh) {
        context.log.info({ delivery: context.id }, "delivery already received; ignored");
        return;
      }
      runner.kick();
      if (opts.processInline) await runner.idle();
    };
    const on = <E extends EmitterWebhookEventName>(keys: E | E[], fn: (context: Context<E>) => Promise<void>): void => {
      for (const key of Array.isArray(keys) ? keys : [keys]) runner.register(key, fn as unknown as JobHandler);
      app.on(keys, enqueue as never);
    };
    setImmediate(() => runner.kick());

    const httpCache = new HttpCache(store);
    /** The installation's Octokit with our request policy: pacing per installation, conditional requests. */
    const client = (context: Context): GitHubClient => {
      const id = (context.payload as { installation?: { id: number } }).installation?.id;
      const octokit = context.octokit as GitHubClient;
      return useConditionalRequests(id === undefined ? octokit : usePacing(octokit, id), httpCache);
    };
    const deps = (context: Context) => ({
      octokit: client(context),
      store,
      state,
      log: context.log,
      orgConfig,
    });

    on(
      "installation.created",
      async (context) => {
        const inst = installationOf(context.payload as never)!;
        await sweepInstallation(deps(context), inst, { trigger: "install" });
      },
    );

    on(
      "installation_repositories.added",
      async (context) => {
        const inst = installationOf(context.payload as never)!;
        await sweepInstallation(deps(context), inst, { trigger: "install", names: context.payload.repositories_added.map((r) => r.full_name) });
      },
    );

    on(
      "installation.deleted",
      async (context) => {
        const id = context.payload.installation.id;
        // kept as history by default; PURGE_ON_UNINSTALL=true forgets the installation entirely
        if (process.env.PURGE_ON_UNINSTALL === "true") {
          const n = store.purgeInstallation(id);
          context.log.info({ installation: id, repositories: n }, "installation removed: its data was purged");
        } else {
          store.setInstallationActive(id, false);
        }
      },
    );

    on(
      ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.ready_for_review"],
      async (context) => {
        await handlePullRequest(
          deps(context),
          { repository: context.payload.repository as RepoPayload, pull_request: context.payload.pull_request, installationId: context.payload.installation?.id ?? null },
          { resumed: jobAttempt(context) > 1 },
        );
      },
    );

    const rerun = async (context: Context, prs: readonly PrStub[], repository: RepoPayload) => {
      const installationId = (context.payload as { installation?: { id: number } }).installation?.id ?? null;
      for (const pr of prs) await handlePullRequest(deps(context), { repository, pull_request: pr, installationId });
    };
    on(
      "check_run.rerequested",
      async (context) => {
        const run = context.payload.check_run;
        if (run.app?.id !== undefined && String(run.app.id) !== String(process.env.APP_ID ?? run.app.id)) return;
        await rerun(context, run.pull_requests as PrStub[], context.payload.repository as RepoPayload);
      },
    );
    on(
      "check_suite.rerequested",
      async (context) => {
        await rerun(context, context.payload.check_suite.pull_requests as PrStub[], context.payload.repository as RepoPayload);
      },
    );

    on(
      "push",
      async (context) => {
        const p = context.payload as unknown as PushPayload & { ref: string; deleted?: boolean; repository: RepoPayload; installation?: { id: number } };
        if (!pushRescores(p) || !p.installation) return;
        if (p.repository.name === ".github") {
          orgConfig.invalidate(p.repository.owner.login);
          forgetOrgPolicy(p.repository.owner.login);
        }
        await rescoreRepository(deps(context), p.installation.id, p.repository, { trigger: "push", commit: p.after, changes: pushChanges(p), pushed: pushedCommits(p) });
        refreshDashboard(context);
      },
    );

    on(
      "repository",
      async (context) => {
        const repo = context.payload.repository as RepoPayload;
        const installationId = context.payload.installation?.id;
        const effect = repositoryEffect(context.payload.action);
        const fullName = fullNameOf(repo);
        if (effect === "archive") store.markRepository(fullName, { archived: true }, repo.id);
        else if (effect === "delete") store.markRepository(fullName, { deleted: true }, repo.id);
        else if (effect === "rescore" && installationId !== undefined) await rescoreRepository(deps(context), installationId, repo, { trigger: "event" });
        if (effect !== "ignore") refreshDashboard(context);
      },
    );

    on(
      [...SETTINGS_EVENTS],
      async (context) => {
        const payload = context.payload as { repository?: RepoPayload; installation?: { id: number; account?: { login?: string } | null }; organization?: { login: string } };
        const installationId = payload.installation?.id;
        if (installationId === undefined) return;
        if (payload.repository) {
          await rescoreRepository(deps(context), installationId, payload.repository, { trigger: "event" });
          refreshDashboard(context);
        } else if (payload.organization) {
          // an organization ruleset changed: every repository may be affected
          forgetOrgRulesets();
          await sweepInstallation(deps(context), { id: installationId, account: payload.organization.login }, { trigger: "event" });
        }
      },
    );

    const interval = opts.sweepIntervalHours ?? Number(process.env.SWEEP_INTERVAL_HOURS ?? 24);
    if (interval > 0) startScheduler(app, { store, state, orgConfig, httpCache, intervalHours: interval });
  };
}

export default createApp();
