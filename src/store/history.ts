import type Database from "better-sqlite3";
import { createHash } from "node:crypto";
import type { Outcome } from "../checks/types.js";
import type { DashboardData, DashboardRepo } from "../render/dashboard-view.js";
import type { Store } from "./store.js";
import { isoOf, repoScanFromRow, type RepoScan } from "./rows.js";
import { statement } from "./statements.js";

/** Which repositories a history query covers. Deleted repositories are never included. */
export interface HistoryFilter {
  owner?: string;
  installationId?: number;
  /** default true; false for anything shown in a public place */
  includePrivate?: boolean;
  includeArchived?: boolean;
  fullName?: string;
  /** only these repository ids */
  repoIds?: readonly number[];
}

export interface SnapshotCheck {
  id: string;
  score: number | null;
  outcome: Outcome;
  reason: string;
}

/** A fail/warn finding of a repository's latest scan, with when it was first seen. */
export interface TrackedFinding {
  checkId: string;
  id: string;
  outcome: Outcome;
  message: string;
  path: string | null;
  line: number | null;
  remediation: string | null;
  key: string;
  firstSeenAt: string | null;
}

/** What a summary shows of a repository's problems without reading them. */
export interface ProblemSummary {
  /** fail/warn findings of the latest scan */
  count: number;
  /** distinct [check id, finding id] pairs of its failing findings */
  failing: [string, string][];
}

/** A repository with its latest scan. */
export interface RepoSnapshot extends RepoScan {
  checks: SnapshotCheck[];
  findings: TrackedFinding[];
  /** set by `latest(…, { deferProblems: true })`, whose `findings` are read on first use */
  problemSummary?: ProblemSummary;
}

export interface ScoreAt {
  scanId: number;
  scoredAt: string;
  score: number | null;
}

export interface TrendPoint {
  /** the instant the point describes (end of a week, or now for the current week) */
  at: string;
  /** Monday of the week, YYYY-MM-DD */
  weekOf: string;
  /** mean of the repository totals at that instant */
  total: number | null;
  /** each check's mean score over the repositories where it had one */
  checks: Record<string, number | null>;
  repositories: number;
}

export interface FindingChange {
  fullName: string;
  checkId: string;
  findingId: string;
  path: string | null;
  key: string;
  at: string;
}

export interface FindingLife {
  firstSeenAt: string;
  lastSeenAt: string;
  fixedAt: string | null;
}

export interface RetentionPolicy {
  /** scans of the last N days keep daily resolution (the last scan of each day); older ones weekly */
  dailyDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { dailyDays: 90 };

/** SCORECARD_RETENTION_DAYS overrides the daily window; anything not a positive integer is ignored. */
export function retentionPolicy(env: NodeJS.ProcessEnv = process.env): RetentionPolicy {
  const n = Number(env.SCORECARD_RETENTION_DAYS);
  return Number.isInteger(n) && n > 0 ? { dailyDays: n } : DEFAULT_RETENTION;
}

const DAY = 86_400_000;

/** The newest scan of a repository at or before @at, in ms (index scan_log_repo_time). */
const SCAN_AT = `(SELECT s.id FROM scan_log s WHERE s.repository_id = r.id AND s.at <= @at ORDER BY s.at DESC, s.id DESC LIMIT 1)`;
const SCAN_LATEST = `(SELECT s.id FROM scan_log s WHERE s.repository_id = r.id ORDER BY s.at DESC, s.id DESC LIMIT 1)`;

function repoWhere(filter: HistoryFilter): { sql: string; params: Record<string, unknown> } {
  const where = ["r.deleted = 0"];
  const params: Record<string, unknown> = {};
  if (!filter.includeArchived) where.push("r.archived = 0");
  if (filter.includePrivate === false) where.push("r.private = 0");
  if (filter.owner !== undefined) {
    where.push("lower(r.owner) = lower(@owner)");
    params.owner = filter.owner;
  }
  if (filter.installationId !== undefined) {
    where.push("r.installation_id = @installationId");
    params.installationId = filter.installationId;
  }
  if (filter.fullName !== undefined) {
    where.push("lower(r.full_name) = lower(@fullName)");
    params.fullName = filter.fullName;
  }
  if (filter.repoIds !== undefined) {
    where.push("r.id IN (SELECT value FROM json_each(@repoIds))");
    params.repoIds = JSON.stringify(filter.repoIds);
  }
  return { sql: where.join(" AND "), params };
}

/** scan_log.commit_sha of `s` as text (a hex sha is stored as its bytes): cheaper than a Buffer per row. */
const COMMIT_HEX = `IIF(typeof(s.commit_sha) = 'blob', lower(hex(s.commit_sha)), s.commit_sha)`;

/** The check results held by scan `hid` (an SQL expression), as a JSON array of SnapshotCheck; a score keeps 17 digits, exact. */
function checksJson(hid: string): string {
  return `(SELECT json_group_array(json_object('id', cr.check_id, 'score', IIF(cr.score IS NULL, NULL, json(printf('%!.17g', cr.score))),
                                               'outcome', cr.outcome, 'reason', cr.reason) ORDER BY cr.id)
             FROM check_results cr WHERE cr.scan_id = ${hid})`;
}

/**
 * The problems held by scan `hid` (an SQL expression), as JSON: [their count, the distinct
 * "check-id findingId" of the failing ones, and a null when some are not].
 */
function summaryJson(hid: string): string {
  return `(SELECT json_array(COUNT(*), json_group_array(DISTINCT IIF(f.outcome = 'fail', cr.check_id || ' ' || f.finding_id, NULL)))
             FROM check_results cr JOIN findings f ON f.check_result_id = cr.id
            WHERE cr.scan_id = ${hid} AND f.outcome IN ('fail', 'warn'))`;
}

/** The layout of latest_results' JSON (migration 0011) this code writes and reads; change it with the layout. */
const LATEST_SHAPE = 1;

/**
 * Bring a repository's latest_results row to the holder of its latest scan, unless it is there
 * already (a scan sharing the previous results, or a late backfill, leaves it as it is).
 */
export function refreshLatestResults(db: Database.Database, repoId: number): void {
  statement(
    db,
    `INSERT OR REPLACE INTO latest_results (repository_id, holder_id, shape, checks, summary)
     SELECT @rid, h.hid, ${LATEST_SHAPE}, ${checksJson("h.hid")}, ${summaryJson("h.hid")}
       FROM (SELECT COALESCE(s.results_of, s.id) AS hid FROM scan_log s WHERE s.repository_id = @rid ORDER BY s.at DESC, s.id DESC LIMIT 1) h
      WHERE NOT EXISTS (SELECT 1 FROM latest_results WHERE repository_id = @rid AND holder_id = h.hid AND shape = ${LATEST_SHAPE})`,
  ).run({ rid: repoId });
}

/** The findings held by scan `hid` of repository `rid` (SQL expressions), fail/warn only unless `all`, as a JSON array of TrackedFinding. */
function findingsJson(hid: string, rid: string, all: boolean): string {
  return `(SELECT json_group_array(json_object('checkId', cr.check_id, 'id', f.finding_id, 'outcome', f.outcome, 'message', f.message,
                                               'path', f.path, 'line', f.line, 'remediation', f.remediation,
                                               'key', COALESCE(f.track_key, ''), 'firstSeenAt', t.first_seen_at) ORDER BY f.id)
             FROM check_results cr JOIN findings f ON f.check_result_id = cr.id
             LEFT JOIN finding_tracks t ON t.repository_id = ${rid} AND t.track_key = f.track_key
            WHERE cr.scan_id = ${hid} ${all ? "" : "AND f.outcome IN ('fail', 'warn')"})`;
}

/** Monday 00:00 UTC of the week holding `d`. */
export function weekStart(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
}

/** History queries over the append-only scans. Only the store touches SQLite. */
export class History {
  readonly db: Database.Database;

  constructor(store: Store | Database.Database) {
    this.db = "db" in store ? store.db : store;
  }

  /**
   * The latest scan of each repository, with check results and open problems (or all findings),
   * by full name. With `deferProblems`, each snapshot carries a `problemSummary` instead, and its
   * `findings` are read (for all the snapshots at once) when first used, while the store is open:
   * a dashboard of thousands of repositories shows no finding text, and reading them all was
   * most of its time (bench/dashboard).
   */
  latest(filter: HistoryFilter = {}, opts: { allFindings?: boolean; deferProblems?: boolean } = {}): RepoSnapshot[] {
    const w = repoWhere(filter);
    const defer = opts.deferProblems === true && !opts.allFindings;
    // One row per repository, its results as JSON arrays of objects in their final shape built by
    // SQLite (a row per check and per finding cost more to hand to JS than to find), or kept
    // ready in latest_results for that holder (COALESCE evaluates the subquery only without it).
    const hid = "COALESCE(s.results_of, s.id)";
    const rows = this.db
      .prepare(
        `WITH p AS MATERIALIZED (SELECT r.id AS rid, ${SCAN_LATEST} AS sid FROM repositories r WHERE ${w.sql})
         SELECT r.id, r.full_name, r.owner, r.name, r.private, r.archived, r.html_url, r.description,
                s.id AS scan_id, ${hid} AS hid, ${COMMIT_HEX} AS commit_sha, s.at, s.trigger, s.total,
                COALESCE(lr.checks, ${checksJson(hid)}) AS checks,
                ${defer ? `COALESCE(lr.summary, ${summaryJson(hid)}) AS summary` : `${findingsJson(hid, "s.repository_id", opts.allFindings === true)} AS findings`}
           FROM p JOIN repositories r ON r.id = p.rid JOIN scan_log s ON s.id = p.sid
           LEFT JOIN latest_results lr ON lr.repository_id = r.id AND lr.holder_id = ${hid} AND lr.shape = ${LATEST_SHAPE}
          ORDER BY r.full_name`,
      )
      .all(w.params) as Array<Record<string, unknown>>;
    if (!defer) {
      return rows.map((r) => ({
        ...repoScanFromRow(r),
        checks: JSON.parse(r.checks as string) as SnapshotCheck[],
        findings: JSON.parse(r.findings as string) as TrackedFinding[],
      }));
    }
    let problems: Map<number, TrackedFinding[]> | null = null;
    const problemsOf = (hid: number) => (problems ??= this.problemsOf(rows.map((r) => r.hid as number))).get(hid) ?? [];
    return rows.map((r) => {
      const [count, failing] = JSON.parse(r.summary as string) as [number, (string | null)[]];
      const snap = {
        ...repoScanFromRow(r),
        checks: JSON.parse(r.checks as string) as SnapshotCheck[],
        problemSummary: { count, failing: failing.filter((x) => x !== null).map((x) => [x.slice(0, x.indexOf(" ")), x.slice(x.indexOf(" ") + 1)]) },
      } as RepoSnapshot;
      Object.defineProperty(snap, "findings", {
        enumerable: true,
        configurable: true,
        get: () => problemsOf(r.hid as number),
        set: (value: TrackedFinding[]) => Object.defineProperty(snap, "findings", { value, enumerable: true, configurable: true, writable: true }),
      });
      return snap;
    });
  }

  /** The fail/warn findings held by these scans (ids of scans holding results), by scan id. */
  private problemsOf(holders: readonly number[]): Map<number, TrackedFinding[]> {
    const rows = this.db
      .prepare(`SELECT h.id, ${findingsJson("h.id", "h.repository_id", false)} AS findings FROM scan_log h WHERE h.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(holders)) as Array<{ id: number; findings: string }>;
    return new Map(rows.map((r) => [r.id, JSON.parse(r.findings) as TrackedFinding[]]));
  }

  /** Each repository's total as of `at` (its newest scan then), by repository id; repositories not yet scanned are absent. */
  scoresAt(filter: HistoryFilter, at: Date): Map<number, ScoreAt> {
    const w = repoWhere(filter);
    const rows = this.db
      .prepare(
        `WITH pick AS MATERIALIZED (SELECT r.id AS rid, ${SCAN_AT} AS sid FROM repositories r WHERE ${w.sql})
         SELECT pick.rid, s.id, s.at, s.total FROM pick JOIN scan_log s ON s.id = pick.sid`,
      )
      .all({ ...w.params, at: at.getTime() }) as Array<{ rid: number; id: number; at: number; total: number | null }>;
    return new Map(rows.map((r) => [r.rid, { scanId: r.id, scoredAt: isoOf(r.at), score: r.total }]));
  }

  /** The score a repository had at the end of UTC day `day` (YYYY-MM-DD), or null when it had not been scanned yet. */
  scoreOnDay(fullName: string, day: string): ScoreAt | null {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a day: ${day}`);
    const end = new Date(`${day}T23:59:59.999Z`);
    const [hit] = this.scoresAt({ fullName, includeArchived: true }, end).values();
    return hit ?? null;
  }

  /**
   * Change of each repository's total over the last `days` days: latest minus the score it had
   * `days` ago; null when either is unknown (not scanned yet then, or no score). `current`, the
   * latest snapshots already read, saves reading the totals now when none is later than `now`.
   */
  changes(filter: HistoryFilter, now: Date, days: readonly number[] = [7, 30, 90], current?: readonly RepoSnapshot[]): Map<number, Record<number, number | null>> {
    const w = repoWhere(filter);
    const at = (d: number) => now.getTime() - d * DAY;
    const totalAt = (param: string) =>
      `(SELECT s.total FROM scan_log s WHERE s.repository_id = r.id AND s.at <= @${param} ORDER BY s.at DESC, s.id DESC LIMIT 1)`;
    const nowIso = now.toISOString();
    const known = current && current.every((r) => r.scoredAt <= nowIso) ? new Map(current.map((r) => [r.id, r.score])) : null;
    const rows = this.db
      .prepare(`SELECT r.id AS rid, ${known ? "NULL" : totalAt("now")} AS now, ${days.map((d, i) => `${totalAt(`d${i}`)} AS d${i}`).join(", ")} FROM repositories r WHERE ${w.sql}`)
      .all({ ...w.params, ...(known ? {} : { now: now.getTime() }), ...Object.fromEntries(days.map((d, i) => [`d${i}`, at(d)])) }) as Array<Record<string, number | null>>;
    if (known && rows.some((r) => !known.has(r.rid!))) return this.changes(filter, now, days);
    const out = new Map<number, Record<number, number | null>>();
    for (const r of rows) {
      const cur = (known ? known.get(r.rid!) : r.now) ?? null;
      const rec: Record<number, number | null> = {};
      days.forEach((d, i) => {
        const before = r[`d${i}`] ?? null;
        rec[d] = cur === null || before === null ? null : Math.round((cur - before) * 10) / 10;
      });
      out.set(r.rid as number, rec);
    }
    return out;
  }

  /**
   * One point per week for the last `weeks` weeks, oldest first: the state at the end of each past
   * week, and at `now` for the current one. Points are anchored to weeks, not to `now`, so the
   * chart does not shift while no scan changes. Past weeks are computed once per repository set
   * and kept in trend_points (migration 0008).
   */
  weeklyTrend(filter: HistoryFilter, now: Date, weeks = 12, current?: readonly RepoSnapshot[]): TrendPoint[] {
    const w = repoWhere(filter);
    const stmt = this.db.prepare(
      `WITH pick AS MATERIALIZED (${withHolder(`SELECT r.id AS rid, ${SCAN_AT} AS sid FROM repositories r WHERE ${w.sql}`)})
       SELECT NULL AS check_id, AVG(s.total) AS avg, COUNT(s.id) AS n FROM pick JOIN scan_log s ON s.id = pick.sid
       UNION ALL
       SELECT cr.check_id, AVG(cr.score), COUNT(cr.score) FROM pick JOIN check_results cr ON cr.scan_id = pick.hid GROUP BY cr.check_id`,
    );
    const thisWeek = weekStart(now);
    const oldest = new Date(thisWeek.getTime() - (weeks - 1) * 7 * DAY).toISOString().slice(0, 10);
    const scope = createHash("sha256").update(`${w.sql}\n${JSON.stringify(w.params)}`).digest("base64url").slice(0, 22);
    const cached = new Map(
      (this.db.prepare("SELECT week, at, total, checks, repositories FROM trend_points WHERE scope = ? AND week >= ?").all(scope, oldest) as Array<{
        week: string;
        at: string;
        total: number | null;
        checks: string;
        repositories: number;
      }>).map((r) => [r.week, { at: r.at, weekOf: r.week, total: r.total, checks: JSON.parse(r.checks) as Record<string, number | null>, repositories: r.repositories }]),
    );
    const remember = this.db.prepare("INSERT OR REPLACE INTO trend_points (scope, week, at, total, checks, repositories) VALUES (?, ?, ?, ?, ?, ?)");
    const points: TrendPoint[] = [];
    for (let k = weeks - 1; k >= 0; k--) {
      const start = new Date(thisWeek.getTime() - k * 7 * DAY);
      const weekOf = start.toISOString().slice(0, 10);
      const hit = k > 0 ? cached.get(weekOf) : undefined;
      if (hit) {
        points.push(hit);
        continue;
      }
      if (k === 0 && current) {
        points.push(pointFrom(current, now, weekOf));
        continue;
      }
      const at = k === 0 ? now : new Date(start.getTime() + 7 * DAY - 1);
      const rows = stmt.all({ ...w.params, at: at.getTime() }) as Array<{ check_id: string | null; avg: number | null; n: number }>;
      const head = rows.find((r) => r.check_id === null);
      const checks: Record<string, number | null> = {};
      for (const r of rows) if (r.check_id !== null) checks[r.check_id] = r.n > 0 ? r.avg : null;
      const point = { at: at.toISOString(), weekOf, total: head && head.avg !== null ? head.avg : null, checks, repositories: head?.n ?? 0 };
      // a past week is final only once it is over (`now` may lie in the past in tests and backfills)
      if (k > 0) remember.run(scope, weekOf, point.at, point.total, JSON.stringify(point.checks), point.repositories);
      points.push(point);
    }
    this.db.prepare("DELETE FROM trend_points WHERE week < ?").run(new Date(thisWeek.getTime() - 52 * 7 * DAY).toISOString().slice(0, 10));
    return points;
  }

  /**
   * The latest total of a public repository whose installation is active; null for a private,
   * deleted, unknown or never scanned one (the HTTP routes answer all of those alike).
   */
  publicScore(fullName: string): { score: number | null; scoredAt: string } | null {
    const row = this.db
      .prepare(
        `SELECT s.total, s.at FROM repositories r
           JOIN installations i ON i.id = r.installation_id AND i.active = 1
           JOIN scan_log s ON s.id = ${SCAN_LATEST}
          WHERE lower(r.full_name) = lower(?) AND r.private = 0 AND r.deleted = 0`,
      )
      .get(fullName) as { total: number | null; at: number } | undefined;
    return row ? { score: row.total, scoredAt: isoOf(row.at) } : null;
  }

  /** Changes whenever a scan is added or a repository changes: a key for caching what is shown. */
  dataVersion(): string {
    const row = this.db.prepare("SELECT (SELECT COALESCE(MAX(id), 0) FROM scan_log) AS s, (SELECT COALESCE(MAX(updated_at), '') FROM repositories) AS r").get() as { s: number; r: string };
    return `${row.s}/${row.r}`;
  }

  /** The active installation of an account, by login; null when there is none. */
  installationOf(login: string): number | null {
    const id = this.db
      .prepare("SELECT id FROM installations WHERE lower(account_login) = lower(?) AND active = 1 ORDER BY updated_at DESC, id DESC LIMIT 1")
      .pluck()
      .get(login) as number | undefined;
    return id ?? null;
  }

  /** When a problem (by its track key) was first seen, last seen and fixed in a repository. */
  findingLife(fullName: string, key: string): FindingLife | null {
    const row = this.db
      .prepare(
        `SELECT t.first_seen_at, t.last_seen_at, t.fixed_at FROM finding_tracks t JOIN repositories r ON r.id = t.repository_id
          WHERE lower(r.full_name) = lower(?) AND t.track_key = ?`,
      )
      .get(fullName, key) as { first_seen_at: string; last_seen_at: string; fixed_at: string | null } | undefined;
    return row ? { firstSeenAt: row.first_seen_at, lastSeenAt: row.last_seen_at, fixedAt: row.fixed_at } : null;
  }

  /** Problems first seen, and problems fixed, at or after `since`. */
  findingChanges(filter: HistoryFilter, since: Date): { opened: FindingChange[]; fixed: FindingChange[] } {
    const w = repoWhere(filter);
    const params = { ...w.params, since: since.toISOString() };
    const select = (at: string, cond: string) =>
      (this.db
        .prepare(
          `SELECT r.full_name, t.check_id, t.finding_id, t.path, t.track_key, t.${at} AS at
             FROM finding_tracks t JOIN repositories r ON r.id = t.repository_id
            WHERE ${cond} AND ${w.sql} ORDER BY t.${at}, r.full_name, t.track_key`,
        )
        .all(params) as Array<Record<string, unknown>>).map((x) => ({
        fullName: x.full_name as string,
        checkId: x.check_id as string,
        findingId: x.finding_id as string,
        path: (x.path as string | null) ?? null,
        key: x.track_key as string,
        at: x.at as string,
      }));
    return {
      opened: select("first_seen_at", "t.first_seen_at >= @since"),
      fixed: select("fixed_at", "t.fixed_at IS NOT NULL AND t.fixed_at >= @since"),
    };
  }

  /** How many problems were first seen, and how many fixed, at or after `since` (what the dashboard header shows). */
  findingChangeCounts(filter: HistoryFilter, since: Date): { opened: number; fixed: number } {
    const w = repoWhere(filter);
    return this.db
      .prepare(
        `SELECT COUNT(*) FILTER (WHERE t.first_seen_at >= @since) AS opened, COUNT(*) FILTER (WHERE t.fixed_at >= @since) AS fixed
           FROM finding_tracks t JOIN repositories r ON r.id = t.repository_id
          WHERE (t.first_seen_at >= @since OR t.fixed_at >= @since) AND ${w.sql}`,
      )
      .get({ ...w.params, since: since.toISOString() }) as { opened: number; fixed: number };
  }

  /**
   * Thin out old scans: in the last `dailyDays` days keep the newest scan of each UTC day per
   * repository, before that the newest of each week (Monday to Sunday). The newest scan of a
   * repository is never removed, nor a scan holding results that another scan shares (it goes
   * once those are gone). Check results and findings go with their scan; finding tracks stay, so
   * "first seen" survives. Returns the number of scans removed.
   */
  prune(policy: RetentionPolicy, now: Date): number {
    const dailyFrom = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - policy.dailyDays * DAY;
    // buckets: a UTC day (days since 1970), or a Monday-to-Sunday week (1970-01-01 was a Thursday)
    const info = this.db
      .prepare(
        `DELETE FROM scan_log WHERE id IN (
           SELECT id FROM (
             SELECT id,
                    ROW_NUMBER() OVER (PARTITION BY repository_id, bucket ORDER BY at DESC, id DESC) AS in_bucket,
                    ROW_NUMBER() OVER (PARTITION BY repository_id ORDER BY at DESC, id DESC) AS newest
               FROM (SELECT id, repository_id, at,
                            CASE WHEN at >= @dailyFrom THEN 'd' || (at / ${DAY})
                                 ELSE 'w' || ((at / ${DAY} + 3) / 7) END AS bucket
                       FROM scan_log))
            WHERE in_bucket > 1 AND newest > 1)
           AND id NOT IN (SELECT results_of FROM scan_log WHERE results_of IS NOT NULL)`,
      )
      .run({ dailyFrom });
    return info.changes;
  }
}

export interface DashboardScope {
  organization: string | null;
  owner?: string;
  installationId?: number;
  /** the dashboard goes somewhere public: private repositories are left out and counted */
  publicOnly: boolean;
  /** repositories left out by configuration (by name, without the owner) */
  exclude?: (name: string) => boolean;
}

/** Everything the dashboard shows, read in one go. */
export function dashboardData(history: History, scope: DashboardScope, now: Date): DashboardData {
  const base: HistoryFilter = {
    ...(scope.owner !== undefined ? { owner: scope.owner } : {}),
    ...(scope.installationId !== undefined ? { installationId: scope.installationId } : {}),
  };
  const read = history.db.transaction(() => {
    const all = history.latest({ ...base, includePrivate: !scope.publicOnly }, { deferProblems: true });
    const repos = scope.exclude ? all.filter((r) => !scope.exclude!(r.name)) : all;
    const filter: HistoryFilter = { ...base, includePrivate: !scope.publicOnly, repoIds: repos.map((r) => r.id) };
    const changes = history.changes(filter, now, undefined, repos);
    const privateLeftOut = scope.publicOnly
      ? (history.db
          .prepare(`SELECT COUNT(*) FROM repositories r WHERE ${repoWhere(base).sql} AND r.private = 1 AND EXISTS (SELECT 1 FROM scan_log s WHERE s.repository_id = r.id)`)
          .pluck()
          .get(repoWhere(base).params) as number)
      : 0;
    const week = history.findingChangeCounts(filter, new Date(now.getTime() - 7 * DAY));
    return {
      organization: scope.organization,
      now: now.toISOString(),
      publicOnly: scope.publicOnly,
      privateLeftOut,
      // `change` is added in place: a copy would read the deferred findings
      repos: repos.map((r): DashboardRepo => Object.assign(r, { change: changes.get(r.id) ?? {} })),
      trend: history.weeklyTrend(filter, now, 12, repos),
      findingChanges: week,
    };
  });
  return read();
}

/** The state now, from the latest scans already read: the same figures as the weekly query. */
function pointFrom(repos: readonly RepoSnapshot[], now: Date, weekOf: string): TrendPoint {
  const totals = repos.map((r) => r.score).filter((x): x is number => x !== null);
  const sums = new Map<string, { sum: number; n: number }>();
  for (const r of repos) {
    for (const c of r.checks) {
      const acc = sums.get(c.id) ?? { sum: 0, n: 0 };
      if (c.score !== null) {
        acc.sum += c.score;
        acc.n++;
      }
      sums.set(c.id, acc);
    }
  }
  return {
    at: now.toISOString(),
    weekOf,
    total: totals.length ? totals.reduce((a, b) => a + b, 0) / totals.length : null,
    checks: Object.fromEntries([...sums].map(([id, a]) => [id, a.n ? a.sum / a.n : null])),
    repositories: repos.length,
  };
}

/** Adds `hid`, the scan holding the results of scan `sid` (itself, or the one it shares them with). */
function withHolder(pickSql: string): string {
  return `SELECT p.rid, p.sid, COALESCE(h.results_of, h.id) AS hid FROM (${pickSql}) p LEFT JOIN scan_log h ON h.id = p.sid`;
}

/**
 * The scan whose results a new scan of `repoId` at `scoredAt` can share: the holder of the
 * previous scan's results when they hash the same, and the new scan is not older than it.
 */
export function sameResultsAs(db: Database.Database, repoId: number, at: number, resultsHash: string): number | null {
  const prev = statement(
    db,
    `SELECT h.id, h.results_hash FROM scan_log h
        WHERE h.id = (SELECT COALESCE(s.results_of, s.id) FROM scan_log s WHERE s.repository_id = ? AND s.at <= ?
                       ORDER BY s.at DESC, s.id DESC LIMIT 1)`,
  ).get(repoId, at) as { id: number; results_hash: string | null } | undefined;
  if (!prev || prev.results_hash !== resultsHash) return null;
  const newer = statement(db, "SELECT 1 FROM scan_log WHERE repository_id = ? AND at > ? LIMIT 1").get(repoId, at);
  return newer ? null : prev.id;
}

/** A scan that shares its results saw every open problem again. */
export function touchOpenFindings(db: Database.Database, repoId: number, scanId: number, scoredAt: string): void {
  statement(
    db,
    `UPDATE finding_tracks SET last_seen_at = ?, last_seen_scan_id = ?
      WHERE repository_id = ? AND fixed_at IS NULL AND last_seen_at <= ?`,
  ).run(scoredAt, scanId, repoId, scoredAt);
}
