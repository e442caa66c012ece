import type { GitHubClient } from "../facts/github/octokit.js";
import { GitHubSource, type RepoPayload } from "../facts/github/source.js";
import { scoreRepository } from "../runner.js";
import type { Trigger } from "../scoring/scan.js";
import type { Store } from "../store/store.js";

export interface Logger {
  info: (obj: object | string, msg?: string) => void;
  warn: (obj: object | string, msg?: string) => void;
  error: (obj: object | string, msg?: string) => void;
}

/**
 * Score repositories of an installation and store each scan. `names` limits the sweep to those
 * full names (installation_repositories.added); otherwise every repository is scored.
 */
export async function sweepInstallation(
  octokit: GitHubClient,
  store: Store,
  log: Logger,
  installation: { id: number; account: string; accountType?: string },
  opts: { names?: readonly string[]; trigger: Trigger },
): Promise<{ scored: number; failed: number }> {
  store.upsertInstallation(installation);
  const repos = (await octokit.paginate("GET /installation/repositories", { per_page: 100 })) as unknown as RepoPayload[];
  const wanted = opts.names ? new Set(opts.names.map((n) => n.toLowerCase())) : null;
  let scored = 0;
  let failed = 0;
  for (const repo of repos) {
    const fullName = repo.full_name ?? `${repo.owner.login}/${repo.name}`;
    if (wanted && !wanted.has(fullName.toLowerCase())) continue;
    if (repo.archived) continue;
    try {
      const src = await GitHubSource.open(octokit, repo);
      const scan = await scoreRepository(src, { trigger: opts.trigger });
      store.saveScan(scan, installation.id);
      scored++;
      log.info({ repository: fullName, score: scan.score }, "scored repository");
    } catch (err) {
      failed++;
      log.error({ repository: fullName, err: (err as Error).message }, "scoring failed");
    }
  }
  return { scored, failed };
}
