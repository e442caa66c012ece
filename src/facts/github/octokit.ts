import type { ProbotOctokit } from "probot";

/** The installation-authenticated Octokit Probot hands us. */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

export interface HttpErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

export function httpStatus(err: unknown): number | undefined {
  const s = (err as HttpErrorLike | null)?.status;
  return typeof s === "number" ? s : undefined;
}
