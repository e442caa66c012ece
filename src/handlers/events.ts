import type { RepoPayload } from "../facts/github/source.js";

/** A pull request as check_run / check_suite payloads list it. */
export interface PrStub {
  number: number;
  head: { sha: string; ref?: string };
  base: { sha: string; ref: string };
}

export interface AccountPayload {
  login?: string;
  slug?: string;
  type?: string;
}

export function installationOf(payload: { installation?: { id: number; account?: AccountPayload | null } }): {
  id: number;
  account: string;
  accountType: string;
} | null {
  const inst = payload.installation;
  if (!inst) return null;
  return { id: inst.id, account: inst.account?.login ?? inst.account?.slug ?? "unknown", accountType: inst.account?.type ?? "Organization" };
}

/** Repository actions that change what the dashboard shows or where. */
export type RepositoryAction = "created" | "publicized" | "privatized" | "archived" | "unarchived" | "renamed" | "transferred" | "deleted" | "edited";

export function repositoryEffect(action: string): "rescore" | "archive" | "delete" | "ignore" {
  switch (action) {
    case "archived":
      return "archive";
    case "deleted":
      return "delete";
    case "created":
    case "publicized":
    case "privatized":
    case "unarchived":
    case "renamed":
    case "transferred":
      return "rescore";
    default:
      return "ignore";
  }
}

/** A push re-scores only when it moves the default branch to a commit. */
export function pushRescores(payload: { ref: string; after: string; deleted?: boolean; repository: RepoPayload }): boolean {
  const branch = payload.repository.default_branch ?? "main";
  return payload.ref === `refs/heads/${branch}` && !payload.deleted && !/^0+$/.test(payload.after);
}
