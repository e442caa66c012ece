import type { Probot } from "probot";
import type { OrgConfigCache } from "./config/load.js";
import { useConditionalRequests } from "./facts/github/conditional.js";
import { usePacing } from "./facts/github/pacing.js";
import type { GitHubClient } from "./facts/github/octokit.js";
import { History, retentionPolicy } from "./store/history.js";
import type { HttpCache } from "./store/http-cache.js";
import { sweepInstallation } from "./handlers/installation.js";
import type { AppState } from "./store/app-state.js";
import type { Store } from "./store/store.js";

interface InstallationPayload {
  id: number;
  account: { login?: string; slug?: string; type?: string } | null;
  suspended_at?: string | null;
}

/**
 * The nightly sweep: every installation, one after another (each sweep already runs its
 * repositories in parallel), every `intervalHours`. The first run comes one interval after start,
 * and an interrupted sweep resumes on the next run. The timer never keeps the process alive.
 */
export function startScheduler(app: Probot, deps: { store: Store; state: AppState; orgConfig: OrgConfigCache; httpCache: HttpCache; intervalHours: number }): { stop: () => void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await sweepAll(app, deps);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), deps.intervalHours * 3600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** One scheduled run: every installation's sweep, then retention. Never throws. */
export async function sweepAll(app: Probot, deps: { store: Store; state: AppState; orgConfig: OrgConfigCache; httpCache: HttpCache }): Promise<void> {
  try {
    const appOctokit = await app.auth();
    const installations = (await appOctokit.paginate("GET /app/installations", { per_page: 100 })) as InstallationPayload[];
    for (const inst of installations) {
      if (inst.suspended_at) continue;
      const octokit = useConditionalRequests(usePacing((await app.auth(inst.id)) as unknown as GitHubClient, inst.id), deps.httpCache);
      await sweepInstallation(
        { octokit, store: deps.store, state: deps.state, log: app.log, orgConfig: deps.orgConfig },
        { id: inst.id, account: inst.account?.login ?? inst.account?.slug ?? "unknown", accountType: inst.account?.type ?? "Organization" },
        { trigger: "schedule" },
      ).catch((err: Error) => app.log.error({ installation: inst.id, err: err.message }, "scheduled sweep failed"));
    }
    // history: daily resolution for the retention window, weekly before it
    const removed = new History(deps.store).prune(retentionPolicy(), new Date());
    if (removed > 0) app.log.info({ scans: removed }, "old scans thinned out by the retention policy");
  } catch (err) {
    app.log.error({ err: (err as Error).message }, "scheduled sweep could not list installations");
  }
}
