import type { Store } from "./store.js";

export interface Job {
  id: string;
  event: string;
  action: string | null;
  installationId: number | null;
  payload: unknown;
  attempts: number;
}

/** A durable queue of webhook deliveries in SQLite. */
export class JobQueue {
  constructor(
    private readonly store: Store,
    /** attempts before a job is given up as failed */
    readonly maxAttempts = 3,
  ) {}

  /** Persist a delivery; false when the same delivery id was already queued (or done). */
  enqueue(job: { id: string; event: string; action?: string | null; installationId?: number | null; payload: unknown }): boolean {
    const now = new Date().toISOString();
    const info = this.store.db
      .prepare(
        `INSERT OR IGNORE INTO jobs (id, event, action, installation_id, payload, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(job.id, job.event, job.action ?? null, job.installationId ?? null, JSON.stringify(job.payload), now, now);
    return info.changes === 1;
  }

  /** Jobs a killed process left running go back to pending. Returns how many. */
  recover(): number {
    return this.store.db.prepare("UPDATE jobs SET state = 'pending', updated_at = ? WHERE state = 'running'").run(new Date().toISOString()).changes;
  }

  /** Take the oldest pending job that `accept`s (e.g. not for a repository already busy), marking it running. */
  claim(accept: (job: Job) => boolean = () => true): Job | null {
    const db = this.store.db;
    return db.transaction(() => {
      const rows = db
        .prepare(
          `SELECT id, event, action, installation_id, payload, attempts FROM jobs
           WHERE state = 'pending' AND (run_after IS NULL OR run_after <= ?) ORDER BY created_at, rowid LIMIT 50`,
        )
        .all(new Date().toISOString()) as { id: string; event: string; action: string | null; installation_id: number | null; payload: string; attempts: number }[];
      for (const row of rows) {
        const job: Job = { id: row.id, event: row.event, action: row.action, installationId: row.installation_id, payload: JSON.parse(row.payload), attempts: row.attempts + 1 };
        if (!accept(job)) continue;
        db.prepare("UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?").run(new Date().toISOString(), row.id);
        return job;
      }
      return null;
    })();
  }

  complete(id: string): void {
    this.store.db.prepare("UPDATE jobs SET state = 'done', payload = NULL, error = NULL, updated_at = ? WHERE id = ?").run(new Date().toISOString(), id);
  }

  /**
   * A failed attempt: back to pending after `backoffMs × attempts` while attempts remain, else
   * failed (payload dropped). Returns when it may run again, or "failed".
   */
  fail(id: string, error: string, backoffMs = 30_000): { retryAt: Date } | "failed" {
    const row = this.store.db.prepare("SELECT attempts FROM jobs WHERE id = ?").get(id) as { attempts: number } | undefined;
    const final = !row || row.attempts >= this.maxAttempts;
    const retryAt = new Date(Date.now() + backoffMs * (row?.attempts ?? 1));
    this.store.db
      .prepare(`UPDATE jobs SET state = ?, error = ?, run_after = ?, updated_at = ?${final ? ", payload = NULL" : ""} WHERE id = ?`)
      .run(final ? "failed" : "pending", error.slice(0, 2000), final ? null : retryAt.toISOString(), new Date().toISOString(), id);
    return final ? "failed" : { retryAt };
  }

  counts(): Record<string, number> {
    const rows = this.store.db.prepare("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state").all() as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }
}
