import { known, type Fact } from "../fact.js";
import { mapError } from "./api-reader.js";
import type { GitHubClient } from "./octokit.js";

export interface PrFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged" | string;
  previousFilename: string | null;
  /** unified diff hunk text; absent for binary files and for diffs GitHub truncates */
  patch: string | null;
}

/** GitHub lists at most 3,000 files of a pull request. */
export const MAX_PR_FILES = 3000;

export async function listPrFiles(octokit: GitHubClient, owner: string, repo: string, pullNumber: number): Promise<Fact<PrFile[]>> {
  try {
    const files = await octokit.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { owner, repo, pull_number: pullNumber, per_page: 100 });
    return known(
      files.slice(0, MAX_PR_FILES).map((f) => ({
        filename: f.filename,
        status: f.status,
        previousFilename: f.previous_filename ?? null,
        patch: f.patch ?? null,
      })),
    );
  } catch (err) {
    return mapError(err, "GET pulls/files", { permission: "Pull requests: read" });
  }
}
