import { CHECKS } from "../checks/registry.js";
import { enabledChecks, exemptedChecks } from "../config/apply.js";
import { CONFIG_PATH, repoConfig, type OrgConfigCache } from "../config/load.js";
import type { RepoConfig } from "../config/schema.js";
import type { GitHubClient } from "../facts/github/octokit.js";
import { listPrFiles, MAX_PR_FILES } from "../facts/github/pr-files.js";
import { GitHubSource, type RepoPayload } from "../facts/github/source.js";
import { known, type Fact } from "../facts/fact.js";
import type { PrFile } from "../facts/github/pr-files.js";
import { OverlaySource } from "../facts/overlay.js";
import { applyPatch } from "../facts/patch-apply.js";
import { annotationsFor, capAnnotations } from "../publish/annotations.js";
import { completeCheckRun, createCompletedCheckRun, findOpenCheckRun, startCheckRun, type CheckRunResult, type Conclusion } from "../publish/check-run.js";
import { upsertPrComment } from "../publish/pr-comment.js";
import { pullRequestView, renderCheckSummary, renderPrComment } from "../render/render.js";
import { scoreRepository } from "../runner.js";
import { fingerprintKey } from "../secrets/key.js";
import { reusableResults } from "../scoring/reuse.js";
import type { Scan } from "../scoring/scan.js";
import type { AppState } from "../store/app-state.js";
import type { Store } from "../store/store.js";
import type { Logger } from "./installation.js";

export interface PullRequestRef {
  number: number;
  head: { sha: string };
  base: { sha: string; ref: string };
  draft?: boolean;
}

export interface PullRequestJob {
  repository: RepoPayload;
  pull_request: PullRequestRef;
  /** keys the secret fingerprints, so the same secret is recognised across this installation's scans */
  installationId: number | null;
}

type BaseResult = { score: number | null; checks: Scan["checks"]; commit: string | null };

/**
 * failure: the PR adds a secret, or the total with it falls below the configured threshold;
 * neutral: the score drops otherwise; success: it holds or rises.
 */
export function conclusionFor(base: number | null, head: number | null, opts: { secretAdded: boolean; failBelow: number | null }): Conclusion {
  if (opts.secretAdded) return "failure";
  if (opts.failBelow !== null && head !== null && head < opts.failBelow) return "failure";
  if (base !== null && head !== null && head < base) return "neutral";
  return "success";
}

export interface PullRequestDeps {
  octokit: GitHubClient;
  store: Store;
  state: AppState;
  log: Logger;
  orgConfig: OrgConfigCache;
}

/** Score the base and the PR, then publish the check run (with annotations) and the one comment. */
/** What one pull request run publishes. */
interface PrOutcome {
  check: CheckRunResult;
  comment: { body: string; mode: RepoConfig["pull_requests"]["comment"]; create: boolean } | null;
}

/**
 * A check run that is created "in progress" and then completed costs two writes, which GitHub's
 * guidance (and the throttling plugin) space a second apart. So the run is created already
 * completed when the analysis finishes within this many milliseconds, and shown in progress only
 * when it takes longer.
 */
export const inProgressAfterMs = (): number => Number(process.env.CHECK_IN_PROGRESS_AFTER_MS ?? 1000);

/** Score the base and the PR, then publish the check run (with annotations) and the one comment. */
export async function handlePullRequest(deps: PullRequestDeps, job: PullRequestJob, opts: { resumed?: boolean } = {}): Promise<void> {
  const { octokit, log } = deps;
  const { repository, pull_request: pr } = job;
  const at = { owner: repository.owner.login, repo: repository.name, headSha: pr.head.sha };
  const reused = opts.resumed ? await findOpenCheckRun(octokit, at).catch(() => null) : null;
  const analysis = analyse(deps, job);
  let checkRunId = reused;
  if (checkRunId === null) {
    const early = await Promise.race([analysis, sleep(inProgressAfterMs()).then(() => null)]);
    if (early === null) checkRunId = await startCheckRun(octokit, at);
  }
  const outcome = await analysis;
  if (checkRunId === null) await createCompletedCheckRun(octokit, at, outcome.check);
  else await completeCheckRun(octokit, { ...at, checkRunId }, outcome.check);
  if (outcome.comment && outcome.comment.mode !== "never") {
    const action = await upsertPrComment(octokit, { ...at, number: pr.number }, outcome.comment.body, { create: outcome.comment.create });
    log.info({ repository: repository.full_name, pr: pr.number, comment: action, conclusion: outcome.check.conclusion }, "pull request scored");
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Everything but the writes. Never rejects: a failure is a neutral check run saying why. */
async function analyse(deps: PullRequestDeps, job: PullRequestJob): Promise<PrOutcome> {
  const { octokit, log } = deps;
  const { repository, pull_request: pr } = job;
  const at = { owner: repository.owner.login, repo: repository.name };
  try {
    const files = await listPrFiles(octokit, at.owner, at.repo, pr.number);
    if (!files.ok) throw new Error(`cannot list the pull request's files: ${files.reason}`);
    const baseSrc = await GitHubSource.open(octokit, repository, pr.base.sha, fingerprintKey(job.installationId));
    // the base branch's configuration: a pull request cannot relax the rules it is judged by
    const { config, error: configError } = await repoConfig(octokit, baseSrc.repo, () => baseSrc.readFile(CONFIG_PATH), deps.orgConfig, deps.state);

    const headSrc = new OverlaySource(
      baseSrc,
      pr.head.sha,
      files.value.map((f) => ({ path: f.filename, previousPath: f.previousFilename, removed: f.status === "removed" })),
      (path) => readAtHead(baseSrc, files.value, path, pr.head.sha),
    );
    const stored = storedBase(deps, baseSrc.repo.fullName, pr.base.sha);
    // checks whose inputs the PR does not touch score at the head as at the base: no facts collected for them
    const checks = enabledChecks(CHECKS, config);
    const reuse = stored && files.value.length < MAX_PR_FILES ? reusableResults(stored.checks, changedPaths(files.value), checks, exemptedChecks(config)) : undefined;
    const [head, base] = await Promise.all([
      scoreRepository(headSrc, { trigger: "pull_request", config, ...(reuse ? { reuse } : {}) }),
      stored ?? scoreBase(baseSrc, config, pr.base.sha),
    ]);

    const touched = new Set(headSrc.touchedPaths());
    const view = pullRequestView(head, base, checks, configError, touched);
    const conclusion = conclusionFor(base.score, head.score, { secretAdded: view.secretAdded, failBelow: config.pull_requests.fail_below });
    const { send, omitted } = capAnnotations(config.pull_requests.annotations ? annotationsFor(head.checks, checks, touched) : []);
    const note = omitted > 0 ? `\n\n_${omitted} more findings on changed lines are not annotated (at most ${send.length}); all are listed above._\n` : "";
    return {
      check: {
        conclusion,
        title: `Score ${view.total.after} / 10 (${view.total.delta})`,
        summary: renderCheckSummary(view) + note,
        annotations: send,
      },
      comment: {
        body: renderPrComment(view),
        mode: config.pull_requests.comment,
        create: config.pull_requests.comment === "always" || view.changed || view.introducedCount > 0,
      },
    };
  } catch (err) {
    log.error({ repository: repository.full_name, pr: pr.number, err: (err as Error).message }, "pull request scoring failed");
    return {
      check: {
        conclusion: "neutral",
        title: "Could not compute the score",
        summary: `scorecard-bot could not score this pull request: ${(err as Error).message}\n\nRe-run the check to try again.`,
      },
      comment: null,
    };
  }
}

/** A changed file at the head: rebuilt from the base and the PR's patch when that applies cleanly, else fetched. */
async function readAtHead(base: GitHubSource, files: readonly PrFile[], path: string, headSha: string): Promise<Fact<string | null>> {
  const f = files.find((x) => x.filename === path);
  if (f?.patch) {
    const before = f.status === "added" ? known(null) : await base.readFile(f.previousFilename ?? path);
    if (before.ok) {
      const rebuilt = applyPatch(before.value, f.patch);
      if (rebuilt !== null) return known(rebuilt);
    }
  }
  return base.readFileAt(path, headSha);
}

const changedPaths = (files: readonly PrFile[]): string[] => files.flatMap((f) => (f.previousFilename ? [f.filename, f.previousFilename] : [f.filename]));

/** The base branch's score from the store, when that commit was scored from GitHub (push, sweep). */
function storedBase(deps: PullRequestDeps, fullName: string, sha: string): BaseResult | null {
  const stored = deps.store.scanForCommit(fullName, sha);
  return stored && stored.source === "github" ? { score: stored.score, checks: stored.checks, commit: sha } : null;
}

/**
 * The base scored now, when the store has no scan of it. It is not stored: the base may be an
 * older commit, and history (the dashboard's "latest") is the default branch's, recorded by
 * pushes and sweeps.
 */
async function scoreBase(src: GitHubSource, config: RepoConfig, sha: string): Promise<BaseResult> {
  const scan = await scoreRepository(src, { trigger: "pull_request", config });
  return { score: scan.score, checks: scan.checks, commit: sha };
}
