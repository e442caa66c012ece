import type { GitHubClient } from "../facts/github/octokit.js";
import { batches, type Annotation } from "./annotations.js";

export const CHECK_RUN_NAME = "Security scorecard";
/** GitHub's limit on a check run's summary. */
export const MAX_SUMMARY = 65535;

export interface RepoCoords {
  owner: string;
  repo: string;
}

export async function startCheckRun(octokit: GitHubClient, at: RepoCoords & { headSha: string }): Promise<number> {
  const res = await octokit.rest.checks.create({
    owner: at.owner,
    repo: at.repo,
    name: CHECK_RUN_NAME,
    head_sha: at.headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
  });
  return res.data.id;
}

/**
 * A check run of ours on this commit that is not completed: a job re-run after its process died
 * reuses it instead of leaving it in progress forever next to a new one.
 */
export async function findOpenCheckRun(octokit: GitHubClient, at: RepoCoords & { headSha: string }): Promise<number | null> {
  const res = await octokit.rest.checks.listForRef({ owner: at.owner, repo: at.repo, ref: at.headSha, check_name: CHECK_RUN_NAME, filter: "all", per_page: 100 });
  const appId = process.env.APP_ID;
  const open = res.data.check_runs.find((r) => r.status !== "completed" && (!appId || !r.app || String(r.app.id) === appId));
  return open?.id ?? null;
}

export type Conclusion = "success" | "failure" | "neutral" | "action_required";

export interface CheckRunResult {
  conclusion: Conclusion;
  title: string;
  summary: string;
  annotations?: readonly Annotation[];
}

/** One write when the result is ready at once: the run is created completed (more annotations follow in batches). */
export async function createCompletedCheckRun(octokit: GitHubClient, at: RepoCoords & { headSha: string }, result: CheckRunResult): Promise<number> {
  const output = { title: result.title.slice(0, 255), summary: truncate(result.summary, MAX_SUMMARY) };
  const [first = [], ...rest] = batches(result.annotations ?? []);
  const now = new Date().toISOString();
  const res = await octokit.rest.checks.create({
    owner: at.owner,
    repo: at.repo,
    name: CHECK_RUN_NAME,
    head_sha: at.headSha,
    status: "completed",
    conclusion: result.conclusion,
    started_at: now,
    completed_at: now,
    output: first.length ? { ...output, annotations: first } : output,
  });
  for (const batch of rest) {
    await octokit.rest.checks.update({ owner: at.owner, repo: at.repo, check_run_id: res.data.id, output: { ...output, annotations: batch } });
  }
  return res.data.id;
}

/**
 * Complete the check run. Annotations go 50 per request, as the Checks API allows: every batch
 * but the last is sent while the run is still in progress, the last one with the conclusion.
 */
export async function completeCheckRun(
  octokit: GitHubClient,
  at: RepoCoords & { checkRunId: number },
  result: CheckRunResult,
): Promise<{ requests: number }> {
  const output = { title: result.title.slice(0, 255), summary: truncate(result.summary, MAX_SUMMARY) };
  const all = batches(result.annotations ?? []);
  const last = all.pop() ?? [];
  for (const batch of all) {
    await octokit.rest.checks.update({ owner: at.owner, repo: at.repo, check_run_id: at.checkRunId, output: { ...output, annotations: batch } });
  }
  await octokit.rest.checks.update({
    owner: at.owner,
    repo: at.repo,
    check_run_id: at.checkRunId,
    status: "completed",
    conclusion: result.conclusion,
    completed_at: new Date().toISOString(),
    output: last.length ? { ...output, annotations: last } : output,
  });
  return { requests: all.length + 1 };
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = "\n\n… (truncated: see the dashboard for the full report)\n";
  return text.slice(0, max - note.length) + note;
}
