import { orgLevelConfig, type OrgConfigCache } from "../config/load.js";
import { repoExcluded } from "../config/schema.js";
import { BranchRulesBatch } from "../facts/github/branch-rules-batch.js";
import type { GitHubClient } from "../facts/github/octokit.js";
import { dashboardOptionsFrom, publishDashboard } from "../publish/dashboard.js";
import { fullNameOf, type RepoPayload } from "../facts/github/source.js";
import type { Trigger } from "../scoring/scan.js";
import type { AppState } from "../store/app-state.js";
import type { Store } from "../store/store.js";
import { inOrderPool } from "./pool.js";
import { rescoreRepository } from "./rescore.js";

export interface Logger {
  info: (obj: object | string, msg?: string) => void;
  warn: (obj: object | string, msg?: string) => void;
  error: (obj: object | string, msg?: string) => void;
  debug?: (obj: object | string, msg?: string) => void;
}

export interface SweepDeps {
  octokit: GitHubClient;
  store: Store;
  state: AppState;
  log: Logger;
  orgConfig: OrgConfigCache;
  /** repositories scored at once (GET requests run in parallel under the throttling plugin) */
  concurrency?: number;
}

export interface SweepResult {
  scored: number;
  failed: number;
  skipped: number;
  /** false when another sweep of this installation was already running */
  ran: boolean;
}


/**
 * Score repositories of an installation and store each scan. `names` limits the sweep to those
 * full names (installation_repositories.added). One sweep per installation at a time; a sweep
 * that was interrupted resumes after the last repository it finished (repositories in name order).
 */
export async function sweepInstallation(
  deps: SweepDeps,
  installation: { id: number; account: string; accountType?: string },
  opts: { names?: readonly string[]; trigger: Trigger },
): Promise<SweepResult> {
  const { octokit, store, state, log } = deps;
  store.upsertInstallation(installation);
  const partial = opts.names !== undefined;
  const begun = partial ? { cursor: null } : state.beginSweep(installation.id, opts.trigger);
  if (begun === false) {
    log.info({ installation: installation.id }, "a sweep of this installation is already running");
    return { scored: 0, failed: 0, skipped: 0, ran: false };
  }
  try {
    const repos = ((await octokit.paginate("GET /installation/repositories", { per_page: 100 })) as unknown as RepoPayload[]).sort((a, b) =>
      fullNameOf(a).localeCompare(fullNameOf(b)),
    );
    const orgConfig = await orgLevelConfig(octokit, deps.orgConfig, installation.account, state);
    if (orgConfig.error) log.warn({ installation: installation.id, error: orgConfig.error }, "organization configuration not usable");
    const wanted = opts.names ? new Set(opts.names.map((n) => n.toLowerCase())) : null;
    const todo = repos.filter((r) => {
      const name = fullNameOf(r);
      if (wanted && !wanted.has(name.toLowerCase())) return false;
      if (begun.cursor !== null && name.localeCompare(begun.cursor) <= 0) return false;
      return true;
    });
    let scored = 0;
    let failed = 0;
    let skipped = 0;
    // a scheduled sweep mostly records unchanged repositories again (one request each): no batch then
    const scorable = todo.filter((r) => !r.archived && !repoExcluded(orgConfig.config, r.name));
    const branchRules = opts.trigger === "schedule" ? undefined : new BranchRulesBatch(octokit, scorable);
    await inOrderPool(
      todo,
      deps.concurrency ?? 4,
      async (repo) => {
        if (repo.archived) {
          store.markRepository(fullNameOf(repo), { archived: true });
          skipped++;
          return;
        }
        if (repoExcluded(orgConfig.config, repo.name)) {
          skipped++;
          return;
        }
        const r = await rescoreRepository(deps, installation.id, repo, { trigger: opts.trigger, ...(branchRules ? { branchRules } : {}) });
        if (r === "scored") scored++;
        else if (r === "failed") failed++;
        else skipped++;
      },
      (i) => !partial && state.advanceSweep(installation.id, fullNameOf(todo[i]!)),
    );
    if (!partial) state.endSweep(installation.id);
    log.info({ installation: installation.id, scored, failed, skipped }, "sweep finished");
    try {
      await publishDashboard(octokit, store, { owner: installation.account, installationId: installation.id, ...dashboardOptionsFrom(orgConfig.config), log });
    } catch (err) {
      log.warn({ installation: installation.id, err: (err as Error).message }, "dashboard not published");
    }
    return { scored, failed, skipped, ran: true };
  } catch (err) {
    if (!partial) state.abandonSweep(installation.id);
    throw err;
  }
}
