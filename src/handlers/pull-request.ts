import { CHECKS } from "../checks/registry.js";
import type { GitHubClient } from "../facts/github/octokit.js";
import { GitHubSource, type RepoPayload } from "../facts/github/source.js";
import { pullRequestView, renderCheckSummary } from "../render/render.js";
import { completeCheckRun, startCheckRun, type Conclusion } from "../publish/check-run.js";
import { scoreRepository } from "../runner.js";
import type { Scan } from "../scoring/scan.js";
import type { Store } from "../store/store.js";
import type { Logger } from "./installation.js";

export interface PullRequestEvent {
  repository: RepoPayload;
  installation?: { id: number };
  pull_request: { number: number; head: { sha: string }; base: { sha: string; ref: string } };
}

/** Conclusion rule of the skeleton: failure when the total drops, success otherwise. */
export function conclusionFor(base: number | null, head: number | null): Conclusion {
  if (base !== null && head !== null && head < base) return "neutral";
  return "success";
}

export async function handlePullRequest(octokit: GitHubClient, store: Store, log: Logger, event: PullRequestEvent): Promise<void> {
  const { repository, pull_request: pr } = event;
  const at = { owner: repository.owner.login, repo: repository.name };
  const checkRunId = await startCheckRun(octokit, { ...at, headSha: pr.head.sha });
  try {
    const head = await scoreRepository(await GitHubSource.open(octokit, repository, pr.head.sha), { trigger: "pull_request" });
    const base = await baseScan(octokit, store, repository, pr.base.sha);
    const view = pullRequestView(head, base, CHECKS);
    const conclusion = conclusionFor(base?.score ?? null, head.score);
    await completeCheckRun(octokit, { ...at, checkRunId }, {
      conclusion,
      title: `Score ${view.total.after} / 10 (${view.total.delta})`,
      summary: renderCheckSummary(view),
    });
  } catch (err) {
    log.error({ repository: repository.full_name, err: (err as Error).message }, "pull request scoring failed");
    await completeCheckRun(octokit, { ...at, checkRunId }, {
      conclusion: "neutral",
      title: "Could not compute the score",
      summary: `scorecard-bot could not score this pull request: ${(err as Error).message}`,
    });
  }
}

/** The base branch's score: from the store when that commit was scored, else scored now and stored. */
async function baseScan(octokit: GitHubClient, store: Store, repository: RepoPayload, sha: string) {
  const fullName = repository.full_name ?? `${repository.owner.login}/${repository.name}`;
  const stored = store.scanForCommit(fullName, sha);
  if (stored) return { ...stored, commit: sha };
  const scan: Scan = await scoreRepository(await GitHubSource.open(octokit, repository, sha), { trigger: "pull_request" });
  return { score: scan.score, checks: scan.checks, commit: sha };
}
