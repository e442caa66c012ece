import { CONFIG_PATH, repoConfig, type OrgConfigCache } from "../config/load.js";
import { repoExcluded } from "../config/schema.js";
import type { GitHubClient } from "../facts/github/octokit.js";
import { GitHubSource, type RepoPayload } from "../facts/github/source.js";
import { scoreRepository } from "../runner.js";
import type { Trigger } from "../scoring/scan.js";
import type { AppState } from "../store/app-state.js";
import type { Store } from "../store/store.js";
import type { Logger } from "./installation.js";

export interface RescoreDeps {
  octokit: GitHubClient;
  store: Store;
  state: AppState;
  log: Logger;
  orgConfig: OrgConfigCache;
}

/**
 * Score one repository at its default branch (or `commit`) with its configuration, and store it.
 * Never throws: a failure is logged and reported as "failed" so a sweep goes on.
 */
export async function rescoreRepository(
  deps: RescoreDeps,
  installationId: number,
  repo: RepoPayload,
  opts: { trigger: Trigger; commit?: string },
): Promise<"scored" | "failed" | "excluded"> {
  const fullName = repo.full_name ?? `${repo.owner.login}/${repo.name}`;
  try {
    const src = await GitHubSource.open(deps.octokit, repo, opts.commit ?? null);
    const { config, error } = await repoConfig(deps.octokit, src.repo, () => src.readFile(CONFIG_PATH), deps.orgConfig, deps.state);
    if (error) deps.log.warn({ repository: fullName, error }, "invalid configuration; using the last valid one");
    if (repoExcluded(config, repo.name)) return "excluded";
    const scan = await scoreRepository(src, { trigger: opts.trigger, config });
    deps.store.saveScan(scan, installationId);
    deps.log.info({ repository: fullName, score: scan.score, trigger: opts.trigger }, "scored repository");
    return "scored";
  } catch (err) {
    deps.log.error({ repository: fullName, err: (err as Error).message }, "scoring failed");
    return "failed";
  }
}
