import type { GitHubClient } from "../facts/github/octokit.js";

/** Hidden marker that identifies our one comment on a pull request. */
export const PR_COMMENT_MARKER = "<!-- scorecard-bot:pr-comment -->";

export type CommentAction = "created" | "updated" | "unchanged" | "skipped";

interface IssueComment {
  id: number;
  body?: string;
  user: { type?: string } | null;
}

/**
 * Keep one comment per pull request: found by the hidden marker (in a comment by a bot, so a
 * person quoting it is never edited), edited in place, never duplicated; untouched when the body
 * is the same. `create: false` only updates an existing comment (comments "on change" only).
 */
export async function upsertPrComment(
  octokit: GitHubClient,
  at: { owner: string; repo: string; number: number },
  body: string,
  opts: { create: boolean },
): Promise<CommentAction> {
  const comments = (await octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner: at.owner,
    repo: at.repo,
    issue_number: at.number,
    per_page: 100,
  })) as IssueComment[];
  const ours = comments.find((c) => c.user?.type === "Bot" && (c.body ?? "").includes(PR_COMMENT_MARKER));
  if (ours) {
    if ((ours.body ?? "").trim() === body.trim()) return "unchanged";
    await octokit.rest.issues.updateComment({ owner: at.owner, repo: at.repo, comment_id: ours.id, body });
    return "updated";
  }
  if (!opts.create) return "skipped";
  await octokit.rest.issues.createComment({ owner: at.owner, repo: at.repo, issue_number: at.number, body });
  return "created";
}
