/** What a push to the default branch changed, from its webhook payload. */
export interface PushChanges {
  /** the commit the branch pointed to before the push */
  before: string;
  /** every path added, removed or modified by the pushed commits */
  paths: string[];
}

interface PushCommit {
  id?: unknown;
  added?: unknown;
  removed?: unknown;
  modified?: unknown;
}

export interface PushPayload {
  before?: string;
  after: string;
  forced?: boolean;
  created?: boolean;
  commits?: PushCommit[];
}

/** GitHub lists at most this many commits in a push payload; a push at the cap may have more. */
const MAX_LISTED_COMMITS = 2048;

/**
 * The paths a push changed, or null when the payload cannot tell them all: a force push (the old
 * commits are gone, and with them what the last scan saw), a new branch, no commits listed though
 * the branch moved, a list at GitHub's cap, or a commit without its file lists.
 */
export function pushChanges(p: PushPayload): PushChanges | null {
  if (p.forced || p.created || !p.before || /^0+$/.test(p.before) || p.before === p.after) return null;
  const commits = p.commits;
  if (!Array.isArray(commits) || commits.length === 0 || commits.length >= MAX_LISTED_COMMITS) return null;
  const paths = new Set<string>();
  for (const c of commits) {
    for (const list of [c.added, c.removed, c.modified]) {
      if (!Array.isArray(list)) return null;
      for (const path of list) if (typeof path === "string") paths.add(path);
    }
  }
  return { before: p.before, paths: [...paths] };
}

/** The ids of the commits a push lists, oldest first (GitHub's order), whatever kind of push it was. */
export function pushedCommits(p: PushPayload): string[] {
  return (Array.isArray(p.commits) ? p.commits : []).map((c) => c.id).filter((id): id is string => typeof id === "string" && /^[0-9a-f]{7,64}$/i.test(id));
}
