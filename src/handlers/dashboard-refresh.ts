import { orgLevelConfig, type OrgConfigCache } from "../config/load.js";
import type { GitHubClient } from "../facts/github/octokit.js";
import { dashboardOptionsFrom, publishDashboard } from "../publish/dashboard.js";
import { AppState } from "../store/app-state.js";
import type { Store } from "../store/store.js";
import type { Logger } from "./installation.js";

/**
 * After single-repository events (a push, a settings change) the dashboard is regenerated once
 * things settle: one publish per installation `delayMs` after its last event, never one per event.
 * Publishing writes nothing when the body did not change.
 */
export class DashboardRefresher {
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly store: Store,
    private readonly orgConfig: OrgConfigCache,
    private readonly delayMs = Number(process.env.DASHBOARD_DEBOUNCE_SECONDS ?? 120) * 1000,
  ) {}

  schedule(octokit: GitHubClient, installation: { id: number; account: string }, log: Logger): void {
    const previous = this.timers.get(installation.id);
    if (previous) clearTimeout(previous);
    const timer = setTimeout(() => {
      this.timers.delete(installation.id);
      void this.publish(octokit, installation, log);
    }, this.delayMs);
    timer.unref();
    this.timers.set(installation.id, timer);
  }

  async publish(octokit: GitHubClient, installation: { id: number; account: string }, log: Logger): Promise<void> {
    try {
      const { config } = await orgLevelConfig(octokit, this.orgConfig, installation.account, new AppState(this.store));
      await publishDashboard(octokit, this.store, { owner: installation.account, installationId: installation.id, ...dashboardOptionsFrom(config), log });
    } catch (err) {
      log.warn({ installation: installation.id, err: (err as Error).message }, "dashboard not published");
    }
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
