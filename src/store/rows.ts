import type { Outcome } from "../checks/types.js";
import type { Trigger } from "../scoring/scan.js";

type Row = Record<string, unknown>;

/** The repository and scan columns both latest-scan readers select, as one typed object. */
export function repoScanFromRow(r: Row) {
  return {
    id: r.id as number,
    fullName: r.full_name as string,
    owner: r.owner as string,
    name: r.name as string,
    private: r.private === 1,
    archived: r.archived === 1,
    htmlUrl: (r.html_url as string | null) ?? null,
    scanId: r.scan_id as number,
    commit: (r.commit_sha as string | null) ?? null,
    scoredAt: r.scored_at as string,
    trigger: r.trigger as Trigger,
    score: (r.total as number | null) ?? null,
  };
}

/** A repository with the scan a reader picked (its columns as `repoScanFromRow` maps them). */
export type RepoScan = ReturnType<typeof repoScanFromRow>;

/** A check_results row as the readers return it. */
export function checkFromRow<Id extends string = string>(c: Row): { id: Id; score: number | null; outcome: Outcome; reason: string } {
  return { id: c.check_id as Id, score: (c.score as number | null) ?? null, outcome: c.outcome as Outcome, reason: c.reason as string };
}
