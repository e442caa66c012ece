import { describe, expect, test } from "@jest/globals";
import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadMigrations, migrate, SchemaTooNewError } from "../../src/store/migrate.js";
import { Store } from "../../src/store/store.js";
import type { Scan } from "../../src/scoring/scan.js";

const tmp = () => path.join(mkdtempSync(path.join(tmpdir(), "scb-store-")), "nested", "s.db");

const scan = (score: number | null, scoredAt: string, commit = "c1"): Scan => ({
  repo: { owner: "acme", name: "web", fullName: "acme/web", defaultBranch: "main", commit, private: false, archived: false, htmlUrl: null, id: 42 },
  source: "github",
  trigger: "install",
  scoredAt,
  score,
  excluded: [],
  checks: [{ id: "security-policy", score, outcome: "pass", reason: "ok", findings: [{ id: "securityPolicyPresent", outcome: "pass", message: "found", path: "SECURITY.md", line: 3 }] }],
});

describe("migrations", () => {
  test("fresh file: all applied, in WAL mode, tables exist", () => {
    const file = tmp();
    const store = new Store(file);
    const versions = store.db.prepare("SELECT version FROM schema_migrations ORDER BY version").pluck().all();
    expect(versions).toEqual(loadMigrations().map((m) => m.version));
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(["installations", "repositories", "scan_log", "scans", "check_results", "findings"]));
    store.close();
  });

  test("already migrated file: nothing re-applied, data kept", () => {
    const file = tmp();
    const a = new Store(file);
    a.saveScan(scan(7, "2026-01-01T00:00:00Z"));
    a.close();
    const db = new Database(file);
    expect(migrate(db)).toEqual([]);
    db.close();
    const b = new Store(file);
    expect(b.latestScans()).toHaveLength(1);
    b.close();
  });

  test("a database newer than the code is refused with a clear message", () => {
    const file = tmp();
    new Store(file).close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations VALUES (9999, 'future', 'x')").run();
    db.close();
    expect(() => new Store(file)).toThrow(SchemaTooNewError);
    expect(() => new Store(file)).toThrow(/schema version 9999, newer than this scorecard-bot knows/);
  });

  test("a failing migration leaves no trace of itself", () => {
    const db = new Database(":memory:");
    const ms = [...loadMigrations(), { version: 9000, name: "bad", sql: "CREATE TABLE x (a); INSERT INTO nope VALUES (1);" }];
    expect(() => migrate(db, ms)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'x'").get()).toBeUndefined();
    expect(db.prepare("SELECT MAX(version) v FROM schema_migrations").get()).toEqual({ v: loadMigrations().at(-1)!.version });
  });
});

describe("store", () => {
  test("latest scan per repository, with checks; history is kept", () => {
    const store = new Store(tmp());
    store.saveScan(scan(4, "2026-01-01T00:00:00Z", "c1"));
    store.saveScan(scan(9, "2026-01-02T00:00:00Z", "c2"));
    const latest = store.latestScans();
    expect(latest).toHaveLength(1);
    expect(latest[0]).toMatchObject({ fullName: "acme/web", score: 9, commit: "c2" });
    expect(latest[0]!.checks).toEqual([{ id: "security-policy", score: 9, outcome: "pass", reason: "ok" }]);
    expect(store.db.prepare("SELECT COUNT(*) FROM scans").pluck().get()).toBe(2);
    expect(store.scanForCommit("acme/web", "c1")!.checks[0]!.findings[0]).toMatchObject({ path: "SECURITY.md", line: 3 });
    expect(store.scanForCommit("acme/web", "nope")).toBeNull();
    store.close();
  });

  test("a renamed repository (same GitHub id) stays one row", () => {
    const store = new Store(tmp());
    store.saveScan(scan(4, "2026-01-01T00:00:00Z"));
    const renamed = scan(5, "2026-01-02T00:00:00Z");
    renamed.repo = { ...renamed.repo, name: "site", fullName: "acme/site" };
    store.saveScan(renamed);
    expect(store.latestScans().map((s) => s.fullName)).toEqual(["acme/site"]);
    store.close();
  });

  test("the description follows the payload; a payload without one keeps the stored one; null clears it", () => {
    const store = new Store(tmp());
    const at = (n: number, description?: string | null) => {
      const s = scan(n, `2026-01-0${n}T00:00:00Z`);
      s.repo = { ...s.repo, ...(description !== undefined ? { description } : {}) };
      return s;
    };
    const described = () => store.latestScans()[0]!.description;
    store.saveScan(at(1, "Our web site"));
    expect(described()).toBe("Our web site");
    store.saveScan(at(2));
    expect(described()).toBe("Our web site");
    store.saveScan(at(3, null));
    expect(described()).toBeNull();
    store.close();
  });
});

describe("WAL checkpoints", () => {
  test("inserts do not checkpoint; checkpoint() and close() do, and close() leaves an empty WAL", async () => {
    const { statSync, existsSync } = await import("node:fs");
    const file = tmp();
    const store = new Store(file);
    for (let i = 0; i < 50; i++) store.saveScan(scan(i % 10, `2026-01-01T00:00:${String(i).padStart(2, "0")}Z`, `c${i}`));
    const wal = `${file}-wal`;
    const before = statSync(wal).size;
    expect(before).toBeGreaterThan(0);
    expect(store.db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    store.checkpoint();
    store.close();
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const again = new Store(file);
    expect(again.db.prepare("SELECT COUNT(*) FROM scans").pluck().get()).toBe(50);
    again.close();
  });
});

describe("purging an installation", () => {
  test("removes its repositories, scans, results and findings, and nothing of another installation", () => {
    const store = new Store(tmp());
    store.upsertInstallation({ id: 1, account: "acme" });
    store.upsertInstallation({ id: 2, account: "other" });
    store.saveScan(scan(4, "2026-01-01T00:00:00Z", "c1"), 1);
    store.saveScan(scan(5, "2026-01-02T00:00:00Z", "c2"), 1);
    const other = scan(6, "2026-01-02T00:00:00Z", "x1");
    other.repo = { ...other.repo, owner: "other", name: "lib", fullName: "other/lib", id: 99 };
    store.saveScan(other, 2);
    expect(store.purgeInstallation(1)).toBe(1);
    expect(store.latestScans().map((s) => s.fullName)).toEqual(["other/lib"]);
    expect(store.db.prepare("SELECT COUNT(*) FROM scans").pluck().get()).toBe(1);
    expect(store.db.prepare("SELECT COUNT(*) FROM findings").pluck().get()).toBe(1);
    expect(store.db.prepare("SELECT COUNT(*) FROM installations").pluck().get()).toBe(1);
    store.close();
  });
});
