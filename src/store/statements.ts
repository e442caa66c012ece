import type Database from "better-sqlite3";

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection: compiling the statements of one scan's
 * insert each time was about half of its cost (bench/dashboard).
 */
export function statement(db: Database.Database, sql: string): Database.Statement {
  let mine = cache.get(db);
  if (!mine) cache.set(db, (mine = new Map()));
  let st = mine.get(sql);
  if (!st) mine.set(sql, (st = db.prepare(sql)));
  return st;
}
