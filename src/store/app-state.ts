import type { Store } from "./store.js";

/** Sweeps and last valid configs: the app's own bookkeeping in SQLite. */
export class AppState {
  constructor(private readonly store: Store) {}

  /** Start a sweep unless one is running; returns the cursor to resume after (null = from the start), or false. */
  beginSweep(installationId: number, trigger: string, staleAfterMs = 6 * 3600_000): { cursor: string | null } | false {
    const db = this.store.db;
    return db.transaction(() => {
      const row = db.prepare("SELECT started_at, finished_at, cursor FROM sweeps WHERE installation_id = ?").get(installationId) as
        | { started_at: string; finished_at: string | null; cursor: string | null }
        | undefined;
      const now = new Date();
      if (row && row.finished_at === null) {
        const running = now.getTime() - Date.parse(row.started_at) < staleAfterMs;
        if (running && this.active.has(installationId)) return false;
        // interrupted (process died): resume after the cursor
        this.active.add(installationId);
        db.prepare("UPDATE sweeps SET started_at = ?, trigger = ? WHERE installation_id = ?").run(now.toISOString(), trigger, installationId);
        return { cursor: row.cursor };
      }
      this.active.add(installationId);
      db.prepare(
        `INSERT INTO sweeps (installation_id, started_at, finished_at, cursor, trigger) VALUES (?, ?, NULL, NULL, ?)
         ON CONFLICT(installation_id) DO UPDATE SET started_at = excluded.started_at, finished_at = NULL, cursor = NULL, trigger = excluded.trigger`,
      ).run(installationId, now.toISOString(), trigger);
      return { cursor: null };
    })();
  }

  advanceSweep(installationId: number, cursor: string): void {
    this.store.db.prepare("UPDATE sweeps SET cursor = ? WHERE installation_id = ?").run(cursor, installationId);
  }

  endSweep(installationId: number): void {
    this.active.delete(installationId);
    this.store.db.prepare("UPDATE sweeps SET finished_at = ? WHERE installation_id = ?").run(new Date().toISOString(), installationId);
  }

  /** Release the in-process lock without finishing (the sweep failed and should resume later). */
  abandonSweep(installationId: number): void {
    this.active.delete(installationId);
  }

  lastValidConfig(fullName: string): unknown | null {
    const row = this.store.db.prepare("SELECT config FROM repo_configs WHERE full_name = ?").get(fullName) as { config: string } | undefined;
    return row ? JSON.parse(row.config) : null;
  }

  saveValidConfig(fullName: string, config: unknown): void {
    this.store.db
      .prepare(
        `INSERT INTO repo_configs (full_name, config, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(full_name) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
      )
      .run(fullName, JSON.stringify(config), new Date().toISOString());
  }

  /** Sweeps running in this process. */
  private readonly active = new Set<number>();
}
