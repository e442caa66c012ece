import { afterAll, describe, expect, test } from "@jest/globals";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { History } from "../../src/store/history.js";
import { loadMigrations, migrate } from "../../src/store/migrate.js";
import { Store } from "../../src/store/store.js";
import type { Scan } from "../../src/scoring/scan.js";

const dirs: string[] = [];
const tmp = () => {
  dirs.push(mkdtempSync(path.join(tmpdir(), "scb-migr-")));
  return path.join(dirs.at(-1)!, "s.db");
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const SHA = "0123456789abcdef0123456789abcdef01234567";
const at = (d: number) => `2026-03-${String(d).padStart(2, "0")}T08:00:00.000Z`;

/** A file at schema version 9 (before scans were compacted), with history written the old way. */
function version9(file: string): void {
  const db = new Database(file);
  db.pragma("foreign_keys = ON");
  migrate(db, loadMigrations().filter((m) => m.version <= 9));
  db.exec(`
    INSERT INTO installations (id, account_login, created_at, updated_at) VALUES (1, 'acme', 'x', 'x');
    INSERT INTO repositories (id, github_id, installation_id, full_name, owner, name, updated_at)
      VALUES (1, 42, 1, 'acme/web', 'acme', 'web', 'x'), (2, NULL, NULL, 'local/dir', 'local', 'dir', 'x');
    INSERT INTO scans (id, repository_id, commit_sha, trigger, source, scored_at, total, excluded, results_hash) VALUES
      (1, 1, '${SHA}', 'install', 'github', '${at(1)}', 4, '[]', 'h1'),
      (3, 2, 'not-a-sha', 'manual', 'localdir', '${at(1)}', 7.5, '["codeql"]', 'h3'),
      (4, 2, NULL, 'weird', 'elsewhere', '${at(2)}', NULL, '[]', 'h4');
    INSERT INTO scans (id, repository_id, commit_sha, trigger, source, scored_at, total, excluded, results_of) VALUES
      (2, 1, '${SHA}', 'schedule', 'github', '${at(2)}', 4, '[]', 1);
    INSERT INTO check_results (id, scan_id, check_id, score, outcome, reason) VALUES
      (1, 1, 'security-policy', 4, 'fail', 'no contact'), (2, 3, 'codeql', 7.5, 'warn', 'only push'), (3, 4, 'codeql', NULL, 'unknown', 'no token');
    INSERT INTO findings (check_result_id, finding_id, outcome, message, path, line, remediation) VALUES
      (1, 'noContact', 'fail', 'no way to report', 'SECURITY.md', 3, 'Add an email.'),
      (2, 'onPush', 'warn', 'runs on push only', '.github/workflows/ci.yml', 9, NULL);`);
  db.close();
}

const dump = (db: Database.Database) => ({
  scans: db.prepare("SELECT * FROM scans ORDER BY id").all(),
  checks: db.prepare("SELECT * FROM check_results ORDER BY id").all(),
  findings: db.prepare("SELECT * FROM findings ORDER BY id").all(),
  tracks: db.prepare("SELECT * FROM finding_tracks ORDER BY track_key").all(),
});

const later = (score: number, scoredAt: string): Scan => ({
  repo: { owner: "acme", name: "web", fullName: "acme/web", defaultBranch: "main", commit: "fedcba9876543210fedcba9876543210fedcba98", private: false, archived: false, htmlUrl: null, id: 42 },
  source: "github",
  trigger: "push",
  scoredAt,
  score,
  excluded: [],
  checks: [{ id: "security-policy", score, outcome: "pass", reason: "ok", findings: [] }],
});

describe("migration 0010: compact scans", () => {
  test("an existing file migrates forward with every row intact, read back as before", () => {
    const file = tmp();
    version9(file);
    const old = new Database(file, { readonly: true });
    const before = dump(old);
    old.close();
    expect(before.findings).toHaveLength(2);
    expect(before.tracks).toHaveLength(2);

    const store = new Store(file);
    expect(dump(store.db)).toEqual(before);
    // stored compactly: integer time, the sha's bytes, codes; text where there is no code
    const raw = store.db.prepare("SELECT id, typeof(at) AS t, typeof(commit_sha) AS c, trigger, source, excluded FROM scan_log ORDER BY id").all();
    expect(raw).toEqual([
      { id: 1, t: "integer", c: "blob", trigger: 3, source: 0, excluded: null },
      { id: 2, t: "integer", c: "blob", trigger: 0, source: 0, excluded: null },
      { id: 3, t: "integer", c: "text", trigger: 4, source: 1, excluded: '["codeql"]' },
      { id: 4, t: "integer", c: "null", trigger: "weird", source: "elsewhere", excluded: null },
    ]);
    expect(store.db.pragma("foreign_keys", { simple: true })).toBe(1);

    // the readers see the old history
    expect(store.latestScans({ includeArchived: true }).map((s) => [s.fullName, s.scanId, s.commit, s.trigger, s.scoredAt, s.checks.length])).toEqual([
      ["acme/web", 2, SHA, "schedule", at(2), 1],
      ["local/dir", 4, null, "weird", at(2), 1],
    ]);
    expect(store.scanForCommit("acme/web", SHA)).toMatchObject({ score: 4, scoredAt: at(2), source: "github" });
    expect(store.scanForCommit("local/dir", "not-a-sha")).toMatchObject({ score: 7.5, source: "localdir" });

    // and history goes on: new ids after the old ones, the problem tracked since day 1 is fixed
    const id = store.saveScan(later(10, at(5)), 1);
    expect(id).toBe(5);
    const h = new History(store);
    expect(h.findingLife("acme/web", "security-policy:noContact:SECURITY.md:0")).toEqual({ firstSeenAt: at(1), lastSeenAt: at(1), fixedAt: at(5) });
    expect(h.scoreOnDay("acme/web", "2026-03-03")).toEqual({ scanId: 2, scoredAt: at(2), score: 4 });
    expect(h.changes({ fullName: "acme/web" }, new Date(at(6)), [4])).toEqual(new Map([[1, { 4: 6 }]]));
    // a repository's removal still takes its scans, results and findings with it
    store.purgeInstallation(1);
    expect(store.db.prepare("SELECT COUNT(*) FROM scan_log WHERE repository_id = 1").pluck().get()).toBe(0);
    expect(store.db.prepare("SELECT COUNT(*) FROM findings").pluck().get()).toBe(1);
    store.close();
  });

  test("the view decodes a new scan as the old columns held it", () => {
    const store = new Store(tmp());
    store.saveScan({ ...later(8, "2026-03-05T10:11:12.345Z"), excluded: ["codeql"] as Scan["excluded"] });
    store.saveScan({ ...later(8, "2026-03-06T00:00:00Z"), source: "localdir", trigger: "manual" });
    expect(store.db.prepare("SELECT commit_sha, trigger, source, scored_at, total, excluded FROM scans ORDER BY id").all()).toEqual([
      { commit_sha: "fedcba9876543210fedcba9876543210fedcba98", trigger: "push", source: "github", scored_at: "2026-03-05T10:11:12.345Z", total: 8, excluded: '["codeql"]' },
      { commit_sha: "fedcba9876543210fedcba9876543210fedcba98", trigger: "manual", source: "localdir", scored_at: "2026-03-06T00:00:00.000Z", total: 8, excluded: "[]" },
    ]);
    expect(() => store.saveScan(later(1, "yesterday"))).toThrow(/not a time/);
    store.close();
  });

  test("a migration that would leave rows without their parent is refused whole", () => {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    migrate(db);
    db.exec(`INSERT INTO repositories (id, full_name, owner, name, updated_at) VALUES (1, 'acme/web', 'acme', 'web', 'x');
      INSERT INTO scan_log (repository_id, at, trigger, source) VALUES (1, 0, 0, 0);`);
    const bad = { version: 9001, name: "orphans", sql: "DELETE FROM repositories;" };
    expect(() => migrate(db, [...loadMigrations(), bad])).toThrow(/leaves rows of scan_log without their repositories/);
    expect(db.prepare("SELECT COUNT(*) FROM repositories").pluck().get()).toBe(1);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    db.close();
  });
});
