import { CONFIG_PATH, repoConfig, type OrgConfigCache } from "../config/load.js";
import { repoExcluded } from "../config/schema.js";
import type { BranchRulesBatch } from "../facts/github/branch-rules-batch.js";
import type { GitHubClient } from "../facts/github/octokit.js";
import { fullNameOf, GitHubSource, repoRefFromPayload, type RepoPayload } from "../facts/github/source.js";
import { scoreRepository } from "../runner.js";
import { fingerprintKey } from "../secrets/key.js";
import type { Trigger } from "../scoring/scan.js";
import type { AppState } from "../store/app-state.js";
import type { Store } from "../store/store.js";
import { enabledChecks, exemptedChecks } from "../config/apply.js";
import type { RepoConfig } from "../config/schema.js";
import { CHECKS } from "../checks/registry.js";
import type { CheckId, CheckResult } from "../checks/types.js";
import { reusableResults } from "../scoring/reuse.js";
import type { Logger } from "./installation.js";
import type { PushChanges } from "./push-changes.js";

export interface RescoreDeps {
  octokit: GitHubClient;
  store: Store;
  state: AppState;
  log: Logger;
  orgConfig: OrgConfigCache;
}

/** A scheduled sweep reuses the last scan of an unchanged commit for at most this long. */
export const FULL_REFRESH_DAYS = Number(process.env.FULL_REFRESH_DAYS ?? 7);

/**
 * The warm path of a scheduled sweep: one request for the default branch's head; when it is the
 * commit last scored, less than FULL_REFRESH_DAYS ago, that scan is recorded again for today
 * (settings changes arrive as webhooks and re-score at once; the periodic full refresh catches a
 * missed delivery). Returns true when it recorded the scan.
 */
async function reuseUnchanged(deps: RescoreDeps, installationId: number, repo: RepoPayload, now: Date): Promise<{ reused: boolean; head: string | null }> {
  const ref = repoRefFromPayload(repo);
  let head: string;
  try {
    const res = await deps.octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", {
      owner: ref.owner,
      repo: ref.name,
      ref: ref.defaultBranch,
      headers: { accept: "application/vnd.github.sha" },
    });
    head = String(res.data).trim();
  } catch {
    return { reused: false, head: null };
  }
  const last = deps.store.scanForCommit(ref.fullName, head);
  if (!last || last.source !== "github" || now.getTime() - Date.parse(last.scoredAt) > FULL_REFRESH_DAYS * 86_400_000) return { reused: false, head };
  deps.store.saveScan(
    {
      repo: { ...ref, commit: head },
      source: "github",
      trigger: "schedule",
      scoredAt: now.toISOString(),
      score: last.score,
      excluded: last.checks.filter((c) => c.score === null).map((c) => c.id),
      checks: last.checks,
    },
    installationId,
  );
  return { reused: true, head };
}

/**
 * For a push: the last scan's results of the checks whose inputs the push did not touch, when that
 * scan is of the commit the push started from, recent (FULL_REFRESH_DAYS) and made the same way
 * (from GitHub). A change to the app's own configuration re-evaluates everything.
 */
function keptFromLastScan(deps: RescoreDeps, fullName: string, changes: PushChanges, config: RepoConfig): Map<CheckId, CheckResult> | undefined {
  if (changes.paths.includes(CONFIG_PATH)) return undefined;
  const last = deps.store.scanForCommit(fullName, changes.before);
  if (!last || last.source !== "github" || Date.now() - Date.parse(last.scoredAt) > FULL_REFRESH_DAYS * 86_400_000) return undefined;
  return reusableResults(last.checks, changes.paths, enabledChecks(CHECKS, config), exemptedChecks(config));
}

/**
 * Score one repository at its default branch (or `commit`) with its configuration, and store it.
 * Never throws: a failure is logged and reported as "failed" so a sweep goes on.
 */
export async function rescoreRepository(
  deps: RescoreDeps,
  installationId: number,
  repo: RepoPayload,
  opts: { trigger: Trigger; commit?: string; changes?: PushChanges | null; pushed?: readonly string[]; branchRules?: BranchRulesBatch },
): Promise<"scored" | "failed" | "excluded"> {
  const fullName = fullNameOf(repo);
  try {
    let commit = opts.commit ?? null;
    if (opts.trigger === "schedule" && !commit) {
      const warm = await reuseUnchanged(deps, installationId, repo, new Date());
      if (warm.reused) {
        deps.log.info({ repository: fullName }, "unchanged since the last scan; recorded again");
        return "scored";
      }
      commit = warm.head;
    }
    const branchRules = await opts.branchRules?.get(repo);
    const src = await GitHubSource.open(deps.octokit, repo, commit, fingerprintKey(installationId), { ...(opts.pushed ? { pushed: opts.pushed } : {}), branchRules });
    const { config, error } = await repoConfig(deps.octokit, src.repo, () => src.readFile(CONFIG_PATH), deps.orgConfig, deps.state);
    if (error) deps.log.warn({ repository: fullName, error }, "invalid configuration; using the last valid one");
    if (repoExcluded(config, repo.name)) return "excluded";
    const reuse = opts.changes ? keptFromLastScan(deps, src.repo.fullName, opts.changes, config) : undefined;
    if (reuse?.size) deps.log.info({ repository: fullName, kept: [...reuse.keys()] }, "push changed no input of these checks; their last results are kept");
    const scan = await scoreRepository(src, { trigger: opts.trigger, config, ...(reuse ? { reuse } : {}) });
    deps.store.saveScan(scan, installationId);
    deps.log.info({ repository: fullName, score: scan.score, trigger: opts.trigger }, "scored repository");
    return "scored";
  } catch (err) {
    deps.log.error({ repository: fullName, err: (err as Error).message }, "scoring failed");
    return "failed";
  }
}
