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
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  return applied;
}
