import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { CheckId, CheckResult, Outcome } from "../checks/types.js";
import type { RepoRef } from "../facts/types.js";
import type { Scan } from "../scoring/scan.js";
import { refreshLatestResults, sameResultsAs, touchOpenFindings } from "./history.js";
import { migrate } from "./migrate.js";
import { statement } from "./statements.js";
import { checkFromRow, commitValue, isoOf, msOf, repoScanFromRow, sourceCode, sourceOf, triggerCode, type RepoScan } from "./rows.js";

export interface LatestScan extends RepoScan {
  installationId: number | null;
  checks: { id: CheckId; score: number | null; outcome: Outcome; reason: string }[];
}

export interface RepoFilter {
  owner?: string;
  installationId?: number;
  includeArchived?: boolean;
}

const CHECKPOINT_EVERY_MS = 5_000;

/** The only module that touches SQLite. */
export class Store {
  readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    // WAL with NORMAL stays consistent on a crash and loses at most the last scans (re-scored on the
    // next sweep); FULL's fsync per commit made one scan's insert p99 ~13 ms instead of ~4 (bench/dashboard).
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    migrate(this.db);
    if (file !== ":memory:") {
      // WAL checkpoints off the write path: SQLite would otherwise run one inside whichever insert
      // crosses 1,000 pages (one scan's insert p99 ~12 ms instead of ~3, bench/dashboard); a timer
      // runs them instead, and close() truncates the WAL.
      this.db.pragma("wal_autocheckpoint = 0");
      this.checkpointTimer = setInterval(() => this.checkpoint(), CHECKPOINT_EVERY_MS);
      this.checkpointTimer.unref();
    }
  }

  private checkpointTimer: NodeJS.Timeout | null = null;

  /** Copy the WAL into the database without waiting for readers (PASSIVE). */
  checkpoint(): void {
    if (this.db.open) this.db.pragma("wal_checkpoint(PASSIVE)");
  }

  close(): void {
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    if (this.db.open) {
      if (this.db.name !== ":memory:") this.db.pragma("wal_checkpoint(TRUNCATE)");
      this.db.close();
    }
  }

  upsertInstallation(inst: { id: number; account: string; accountType?: string; active?: boolean }): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO installations (id, account_login, account_type, active, created_at, updated_at)
         VALUES (@id, @account, @type, @active, @now, @now)
         ON CONFLICT(id) DO UPDATE SET account_login = excluded.account_login, account_type = excluded.account_type,
           active = excluded.active, updated_at = excluded.updated_at`,
      )
      .run({ id: inst.id, account: inst.account, type: inst.accountType ?? "Organization", active: inst.active === false ? 0 : 1, now });
  }

  /** Insert or update a repository by GitHub id (or by name for a local checkout); returns its row id. */
  upsertRepository(repo: RepoRef, installationId: number | null): number {
    const now = new Date().toISOString();
    const params = {
      githubId: repo.id ?? null,
      installationId,
      fullName: repo.fullName,
      owner: repo.owner,
      name: repo.name,
      private: repo.private ? 1 : 0,
      archived: repo.archived ? 1 : 0,
      defaultBranch: repo.defaultBranch,
      htmlUrl: repo.htmlUrl,
      // a payload without it (a local checkout, an event that leaves it out) keeps the stored one
      hasDescription: repo.description !== undefined ? 1 : 0,
      description: repo.description ?? null,
      now,
    };
    const existing = (
      repo.id !== undefined
        ? statement(this.db, "SELECT id FROM repositories WHERE github_id = ? OR full_name = ? ORDER BY github_id IS NULL LIMIT 1").get(repo.id, repo.fullName)
        : statement(this.db, "SELECT id FROM repositories WHERE full_name = ?").get(repo.fullName)
    ) as { id: number } | undefined;
    if (existing) {
      statement(
        this.db,
        `UPDATE repositories SET github_id = COALESCE(@githubId, github_id), installation_id = COALESCE(@installationId, installation_id),
             full_name = @fullName, owner = @owner, name = @name, private = @private, archived = @archived, deleted = 0,
           default_branch = @defaultBranch, html_url = @htmlUrl,
           description = CASE WHEN @hasDescription THEN @description ELSE description END, updated_at = @now WHERE id = @id`,
      ).run({ ...params, id: existing.id });
      return existing.id;
    }
    const info = this.db
      .prepare(
        `INSERT INTO repositories (github_id, installation_id, full_name, owner, name, private, archived, default_branch, html_url, description, updated_at)
         VALUES (@githubId, @installationId, @fullName, @owner, @name, @private, @archived, @defaultBranch, @htmlUrl, @description, @now)`,
      )
      .run(Object.fromEntries(Object.entries(params).filter(([k]) => k !== "hasDescription")));
    return Number(info.lastInsertRowid);
  }

  /** Store one scan with its check results and findings in one transaction. Returns the scan id. */
  saveScan(scan: Scan, installationId: number | null = null): number {
    const insertScan = statement(
      this.db,
      `INSERT INTO scan_log (repository_id, commit_sha, trigger, source, at, total, excluded, results_of, results_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const resultsHash = createHash("sha256").update(JSON.stringify(scan.checks)).digest("base64url").slice(0, 22);
    const insertCheck = statement(
      this.db,
      "INSERT INTO check_results (scan_id, check_id, score, outcome, reason) VALUES (?, ?, ?, ?, ?)",
    );
    const insertFinding = statement(
      this.db,
      `INSERT INTO findings (check_result_id, finding_id, outcome, message, path, line, col, remediation, fingerprint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const at = msOf(scan.scoredAt);
    const excluded = scan.excluded.length ? JSON.stringify(scan.excluded) : null;
    return this.db.transaction(() => {
      const repoId = this.upsertRepository(scan.repo, installationId);
      // Results identical to the previous scan's are not stored twice (migration 0006).
      const holder = sameResultsAs(this.db, repoId, at, resultsHash);
      const scanId = Number(
        insertScan.run(repoId, commitValue(scan.repo.commit), triggerCode(scan.trigger), sourceCode(scan.source), at, scan.score, excluded, holder, holder === null ? resultsHash : null)
          .lastInsertRowid,
      );
      if (holder !== null) {
        touchOpenFindings(this.db, repoId, scanId, isoOf(at));
      } else {
        for (const c of scan.checks) {
          const crId = Number(insertCheck.run(scanId, c.id, c.score, c.outcome, c.reason).lastInsertRowid);
          for (const f of c.findings) {
            insertFinding.run(crId, f.id, f.outcome, f.message, f.path ?? null, f.line ?? null, f.column ?? null, f.remediation ?? null, f.fingerprint ?? null);
          }
        }
      }
      refreshLatestResults(this.db, repoId);
      return scanId;
    })();
  }

  /** The newest scan of each repository (not deleted), with its check results. */
  latestScans(filter: RepoFilter = {}): LatestScan[] {
    const where = ["r.deleted = 0"];
    const params: Record<string, unknown> = {};
    if (!filter.includeArchived) where.push("r.archived = 0");
    if (filter.owner) {
      where.push("lower(r.owner) = lower(@owner)");
      params.owner = filter.owner;
    }
    if (filter.installationId !== undefined) {
      where.push("r.installation_id = @installationId");
      params.installationId = filter.installationId;
    }
    const rows = this.db
      .prepare(
        `SELECT r.id, r.full_name, r.owner, r.name, r.private, r.archived, r.html_url, r.description, r.installation_id,
                s.id AS scan_id, COALESCE(s.results_of, s.id) AS results_id, s.commit_sha, s.at, s.trigger, s.total
         FROM repositories r
         JOIN scan_log s ON s.id = (SELECT id FROM scan_log WHERE repository_id = r.id ORDER BY at DESC, id DESC LIMIT 1)
         WHERE ${where.join(" AND ")}
         ORDER BY r.full_name`,
      )
      .all(params) as Array<Record<string, unknown>>;
    const checksOf = this.db.prepare("SELECT check_id, score, outcome, reason FROM check_results WHERE scan_id = ? ORDER BY id");
    return rows.map((r) => ({
      ...repoScanFromRow(r),
      installationId: (r.installation_id as number | null) ?? null,
      checks: (checksOf.all(r.results_id) as Array<Record<string, unknown>>).map((c) => checkFromRow<CheckId>(c)),
    }));
  }

  /** Check results of a stored scan, with findings, for reuse as a PR's base. */
  scanForCommit(fullName: string, commit: string): { score: number | null; checks: CheckResult[]; scoredAt: string; source: string } | null {
    const scan = this.db
      .prepare(
        `SELECT COALESCE(s.results_of, s.id) AS id, s.total, s.at, s.source FROM scan_log s JOIN repositories r ON r.id = s.repository_id
         WHERE r.full_name = ? AND s.commit_sha = ? ORDER BY s.at DESC, s.id DESC LIMIT 1`,
      )
      .get(fullName, commitValue(commit)) as { id: number; total: number | null; at: number; source: unknown } | undefined;
    if (!scan) return null;
    const checks = this.db.prepare("SELECT id, check_id, score, outcome, reason FROM check_results WHERE scan_id = ? ORDER BY id").all(scan.id) as Array<Record<string, unknown>>;
    const findingsOf = this.db.prepare("SELECT * FROM findings WHERE check_result_id = ? ORDER BY id");
    return {
      score: scan.total,
      scoredAt: isoOf(scan.at),
      source: sourceOf(scan.source),
      checks: checks.map((c) => ({
        id: c.check_id as CheckId,
        score: (c.score as number | null) ?? null,
        outcome: c.outcome as Outcome,
        reason: c.reason as string,
        findings: (findingsOf.all(c.id) as Array<Record<string, unknown>>).map((f) => ({
          id: f.finding_id as string,
          outcome: f.outcome as Outcome,
          message: f.message as string,
          ...(f.path != null ? { path: f.path as string } : {}),
          ...(f.line != null ? { line: f.line as number } : {}),
          ...(f.col != null ? { column: f.col as number } : {}),
          ...(f.remediation != null ? { remediation: f.remediation as string } : {}),
          ...(f.fingerprint != null ? { fingerprint: f.fingerprint as string } : {}),
        })),
      })),
    };
  }

  /** Mark a repository archived or deleted (it leaves the dashboard; its history stays). */
  markRepository(fullName: string, flags: { archived?: boolean; deleted?: boolean }, githubId?: number): void {
    const sets: string[] = [];
    if (flags.archived !== undefined) sets.push(`archived = ${flags.archived ? 1 : 0}`);
    if (flags.deleted !== undefined) sets.push(`deleted = ${flags.deleted ? 1 : 0}`);
    if (!sets.length) return;
    this.db
      .prepare(`UPDATE repositories SET ${sets.join(", ")}, updated_at = ? WHERE full_name = ? OR (github_id IS NOT NULL AND github_id = ?)`)
      .run(new Date().toISOString(), fullName, githubId ?? null);
  }

  /**
   * Remove everything kept about an installation: its repositories, their scans, results,
   * findings and tracks, and the cached dashboard trends (whose scopes may include it).
   * Returns how many repositories were removed.
   */
  purgeInstallation(id: number): number {
    return this.db.transaction(() => {
      const repos = `SELECT id FROM repositories WHERE installation_id = ?`;
      this.db.prepare(`DELETE FROM scan_log WHERE repository_id IN (${repos})`).run(id);
      const n = this.db.prepare("DELETE FROM repositories WHERE installation_id = ?").run(id).changes;
      this.db.prepare("DELETE FROM trend_points").run();
      this.db.prepare("DELETE FROM sweeps WHERE installation_id = ?").run(id);
      this.db.prepare("DELETE FROM installations WHERE id = ?").run(id);
      return n;
    })();
  }

  setInstallationActive(id: number, active: boolean): void {
    this.db.prepare("UPDATE installations SET active = ?, updated_at = ? WHERE id = ?").run(active ? 1 : 0, new Date().toISOString(), id);
  }
}
