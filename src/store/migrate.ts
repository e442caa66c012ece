import type Database from "better-sqlite3";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** migrations/NNNN_name.sql, in version order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .map((file) => /^(\d{4})_([\w-]+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(path.join(dir, m[0]), "utf8") }))
    .sort((a, b) => a.version - b.version)
    .map((m, i, all) => {
      if (i > 0 && all[i - 1]!.version === m.version) throw new Error(`two migrations share version ${m.version}: ${all[i - 1]!.name} and ${m.name}`);
      return m;
    });
}

export class SchemaTooNewError extends Error {
  constructor(dbVersion: number, codeVersion: number, file: string) {
    super(
      `the database ${file} is at schema version ${dbVersion}, newer than this scorecard-bot knows (${codeVersion}); ` +
        `upgrade scorecard-bot or point DATABASE_PATH at another file`,
    );
    this.name = "SchemaTooNewError";
  }
}

/** Apply pending migrations in order, each in its own transaction. Returns the versions applied. */
export function migrate(db: Database.Database, migrations = loadMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current = (db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null }).v ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) throw new SchemaTooNewError(current, latest, db.name);
  const applied: number[] = [];
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  // SQLite's procedure for rebuilding a table: with foreign keys on, dropping the old table would
  // delete (cascade) its children's rows. They are off while migrating and checked before commit.
  // Rows already broken before (a file written without foreign keys) do not block a migration.
  const pending = migrations.filter((m) => m.version > current);
  if (!pending.length) return applied;
  const foreignKeys = db.pragma("foreign_keys", { simple: true }) === 1;
  db.pragma("foreign_keys = OFF");
  const brokenRows = () => (db.pragma("foreign_key_check") as Array<{ table: string; parent: string }>);
  try {
    for (const m of pending) {
      db.transaction(() => {
        const before = brokenRows().length;
        db.exec(m.sql);
        const broken = brokenRows();
        if (broken.length > before) throw new Error(`migration ${m.version}_${m.name} leaves rows of ${broken.at(-1)!.table} without their ${broken.at(-1)!.parent}`);
        record.run(m.version, m.name, new Date().toISOString());
      })();
      applied.push(m.version);
    }
  } finally {
    if (foreignKeys) db.pragma("foreign_keys = ON");
  }
  return applied;
}
