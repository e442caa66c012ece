import type { Outcome } from "../checks/types.js";
import type { Scan, Trigger } from "../scoring/scan.js";

type Row = Record<string, unknown>;

// The codes scan_log stores for trigger and source (migration 0010 fixes them; its view `scans`
// decodes the same way). A value without a code is stored as its text.
const TRIGGERS: readonly string[] = ["schedule", "push", "pull_request", "install", "manual", "event"];
const SOURCES: readonly string[] = ["github", "localdir"];

const encode = (names: readonly string[], name: string): number | string => {
  const i = names.indexOf(name);
  return i < 0 ? name : i;
};
const decode = (names: readonly string[], v: unknown): string => (typeof v === "number" ? (names[v] ?? String(v)) : String(v));

export const triggerCode = (t: string) => encode(TRIGGERS, t);
export const sourceCode = (s: string) => encode(SOURCES, s);
export const triggerOf = (v: unknown) => decode(TRIGGERS, v) as Trigger;
export const sourceOf = (v: unknown) => decode(SOURCES, v) as Scan["source"];

const HEX_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** A commit as scan_log keeps it: a lowercase hex sha as its bytes, anything else as text. */
export function commitValue(commit: string | null | undefined): Buffer | string | null {
  if (commit === null || commit === undefined) return null;
  return HEX_SHA.test(commit) ? Buffer.from(commit, "hex") : commit;
}

export function commitOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return Buffer.isBuffer(v) ? v.toString("hex") : String(v);
}

/** scan_log.at: milliseconds since 1970 UTC. */
export function msOf(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a time: ${iso}`);
  return ms;
}

export const isoOf = (ms: number) => new Date(ms).toISOString();

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
    description: (r.description as string | null | undefined) ?? null,
    scanId: r.scan_id as number,
    commit: commitOf(r.commit_sha),
    scoredAt: isoOf(r.at as number),
    trigger: triggerOf(r.trigger),
    score: (r.total as number | null) ?? null,
  };
}

/** A repository with the scan a reader picked (its columns as `repoScanFromRow` maps them). */
export type RepoScan = ReturnType<typeof repoScanFromRow>;

/** A check_results row as the readers return it. */
export function checkFromRow<Id extends string = string>(c: Row): { id: Id; score: number | null; outcome: Outcome; reason: string } {
  return { id: c.check_id as Id, score: (c.score as number | null) ?? null, outcome: c.outcome as Outcome, reason: c.reason as string };
}
