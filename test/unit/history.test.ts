import { describe, expect, test } from "@jest/globals";
import Database from "better-sqlite3";
import { History, retentionPolicy, weekStart } from "../../src/store/history.js";
import { loadMigrations, migrate } from "../../src/store/migrate.js";
import { Store } from "../../src/store/store.js";
import { fail, scanOf } from "../helpers/dashboard-scans.js";

const day = (d: string, h = 12) => `2026-${d}T${String(h).padStart(2, "0")}:00:00.000Z`;

function storeWith(...specs: Parameters<typeof scanOf>[0][]): { store: Store; h: History } {
  const store = new Store(":memory:");
  for (const s of specs) store.saveScan(scanOf(s));
  return { store, h: new History(store) };
}

describe("latest per repository", () => {
  test("the newest scan of each, with checks and open problems; filters by owner, privacy, archive", () => {
    const { store, h } = storeWith(
      { repo: "acme/web", at: day("03-01"), score: 3 },
      { repo: "acme/web", at: day("03-02"), score: 8, checks: [{ id: "security-policy", score: 4, findings: [fail("securityPolicyHasContact", "SECURITY.md")] }] },
      { repo: "acme/secret", at: day("03-02"), score: 5, private: true },
      { repo: "acme/old", at: day("03-02"), score: 5, archived: true },
      { repo: "other/x", at: day("03-02"), score: 1 },
    );
    const acme = h.latest({ owner: "ACME" });
    expect(acme.map((r) => [r.fullName, r.score])).toEqual([["acme/secret", 5], ["acme/web", 8]]);
    const web = acme[1]!;
    expect(web.checks).toEqual([{ id: "security-policy", score: 4, outcome: "fail", reason: "because" }]);
    expect(web.findings).toMatchObject([{ checkId: "security-policy", id: "securityPolicyHasContact", path: "SECURITY.md", firstSeenAt: day("03-02"), remediation: "fix securityPolicyHasContact" }]);
    expect(h.latest({ owner: "acme", includePrivate: false }).map((r) => r.fullName)).toEqual(["acme/web"]);
    expect(h.latest({ owner: "acme", includeArchived: true }).map((r) => r.fullName)).toEqual(["acme/old", "acme/secret", "acme/web"]);
    store.close();
  });
});

describe("latest: values come back exactly as stored", () => {
  test.each([
    ["a score that is not a short decimal", 20 / 3, "plain"],
    ["the smallest step", Number.MIN_VALUE, 'quotes " and \\ backslashes'],
    ["zero", 0, "line\nbreaks\tand 🔐 emoji, \u0000 a NUL"],
    ["no score", null, ""],
  ])("%s", (_, score, text) => {
    const finding = { ...fail("someProblem", text || undefined), message: text, remediation: text || undefined, line: 7 };
    const { store, h } = storeWith({ repo: "acme/web", at: day("03-01"), score: 5, checks: [{ id: "codeql", score, reason: text, findings: [finding] }] });
    const [web] = h.latest();
    expect(web!.checks).toEqual([{ id: "codeql", score, outcome: score === null ? "unknown" : score >= 5 ? "warn" : "fail", reason: text }]);
    expect(web!.findings).toEqual([
      { checkId: "codeql", id: "someProblem", outcome: "fail", message: text, path: text || null, line: 7, remediation: text || null, key: `codeql:someProblem:${text}:0`, firstSeenAt: day("03-01") },
    ]);
    store.close();
  });
});

describe("latest with deferred problems (the dashboard's read)", () => {
  test("a summary now, and the same findings as an eager read once used", () => {
    const { store, h } = storeWith(
      { repo: "acme/web", at: day("03-01"), score: 4, checks: [
        { id: "harden-runner", score: 2, findings: [fail("notFirst", "a.yml"), fail("notFirst", "b.yml"), { id: "auditOnly", outcome: "warn", message: "m", path: "a.yml" }] },
        { id: "security-policy", score: 10, findings: [{ id: "present", outcome: "pass", message: "ok" }] },
      ] },
      { repo: "acme/api", at: day("03-01"), score: 10 },
    );
    const eager = h.latest();
    const lazy = h.latest({}, { deferProblems: true });
    expect(lazy.map((r) => r.problemSummary)).toEqual([
      { count: 0, failing: [] },
      { count: 3, failing: [["harden-runner", "notFirst"]] },
    ]);
    expect(lazy.map((r) => r.checks)).toEqual(eager.map((r) => r.checks));
    expect(lazy.map((r) => r.findings)).toEqual(eager.map((r) => r.findings));
    expect(lazy[1]!.findings).toHaveLength(3);
    expect(eager[1]!.problemSummary).toBeUndefined();
    store.close();
  });
});

describe("latest results kept ready (migration 0011)", () => {
  const cached = (store: Store) => store.db.prepare("SELECT repository_id AS repo, holder_id AS holder FROM latest_results ORDER BY repository_id").all();

  test("follows the holder of each repository's latest scan; a late backfill or a shared scan leaves it", () => {
    const web = (d: string, score: number) => ({ repo: "acme/web", at: day(d), score, checks: [{ id: "codeql" as const, score, findings: score < 10 ? [fail("noPr", "ci.yml")] : [] }] });
    const { store, h } = storeWith(web("03-01", 4), web("03-02", 4));
    expect(cached(store)).toEqual([{ repo: 1, holder: 1 }]);
    store.saveScan(scanOf(web("03-03", 10)));
    expect(cached(store)).toEqual([{ repo: 1, holder: 3 }]);
    store.saveScan(scanOf(web("02-20", 2))); // older than the latest: it does not become the latest
    expect(cached(store)).toEqual([{ repo: 1, holder: 3 }]);
    const [snap] = h.latest({}, { deferProblems: true });
    expect([snap!.score, snap!.checks[0]!.score, snap!.problemSummary]).toEqual([10, 10, { count: 0, failing: [] }]);
    store.close();
  });

  test("used only for the holder and layout it was made for: a stale row is ignored, a matching one is read", () => {
    const { store, h } = storeWith({ repo: "acme/web", at: day("03-01"), score: 4, checks: [{ id: "codeql", score: 4, findings: [fail("noPr", "ci.yml")] }] });
    const truth = h.latest({}, { deferProblems: true })[0]!;
    const forged = JSON.stringify([{ id: "codeql", score: 9, outcome: "warn", reason: "forged" }]);
    store.db.prepare("UPDATE latest_results SET checks = ?, holder_id = holder_id + 100").run(forged);
    expect(h.latest({}, { deferProblems: true })[0]!.checks).toEqual(truth.checks);
    store.db.prepare("UPDATE latest_results SET holder_id = holder_id - 100, shape = shape + 1").run();
    expect(h.latest({}, { deferProblems: true })[0]!.checks).toEqual(truth.checks);
    store.db.prepare("UPDATE latest_results SET shape = shape - 1").run();
    expect(h.latest({}, { deferProblems: true })[0]!.checks[0]!.reason).toBe("forged");
    // a file migrated from before 0011 has no rows yet: the next scan of a repository fills its row
    store.db.prepare("DELETE FROM latest_results").run();
    expect(h.latest({}, { deferProblems: true })[0]!.checks).toEqual(truth.checks);
    store.saveScan(scanOf({ repo: "acme/web", at: day("03-02"), score: 4, checks: [{ id: "codeql", score: 4, findings: [fail("noPr", "ci.yml")] }] }));
    expect(cached(store)).toEqual([{ repo: 1, holder: 1 }]);
    store.close();
  });
});

describe("score on day D and change over 7/30/90 days", () => {
  const specs = [
    { repo: "acme/web", at: day("01-01"), score: 2 },
    { repo: "acme/web", at: day("02-20"), score: 5 },
    { repo: "acme/web", at: day("03-20"), score: 6 },
    { repo: "acme/web", at: day("03-31", 9), score: 9 },
    { repo: "acme/new", at: day("03-30"), score: 7 },
    { repo: "acme/unknown", at: day("03-01"), score: 4 },
    { repo: "acme/unknown", at: day("03-31"), score: null, checks: [{ id: "security-policy" as const, score: null }] },
  ];

  test.each([
    ["2025-12-31", null],
    ["2026-01-01", 2],
    ["2026-02-19", 2],
    ["2026-02-20", 5],
    ["2026-03-30", 6],
    ["2026-03-31", 9],
  ])("acme/web on %s scored %p", (d, expected) => {
    const { store, h } = storeWith(...specs);
    expect(h.scoreOnDay("acme/web", d)?.score ?? null).toBe(expected);
    store.close();
  });

  test("deltas: latest minus the score then; null when not scanned then or no score", () => {
    const { store, h } = storeWith(...specs);
    const now = new Date(day("04-01"));
    const byName = new Map(h.latest().map((r) => [r.fullName, r.id]));
    const ch = h.changes({}, now);
    expect(ch.get(byName.get("acme/web")!)).toEqual({ 7: 3, 30: 4, 90: 7 });
    expect(ch.get(byName.get("acme/new")!)).toEqual({ 7: null, 30: null, 90: null });
    expect(ch.get(byName.get("acme/unknown")!)).toEqual({ 7: null, 30: null, 90: null });
    // the latest snapshots stand in for the totals now; not when one is later than `now`
    expect(h.changes({}, now, undefined, h.latest())).toEqual(ch);
    expect(h.changes({}, new Date(day("02-25")), undefined, h.latest())).toEqual(h.changes({}, new Date(day("02-25"))));
    expect(h.changes({}, new Date(day("02-25")), undefined, h.latest()).get(byName.get("acme/web")!)).not.toEqual(ch.get(byName.get("acme/web")!));
    expect(h.changes({}, now, undefined, h.latest().slice(1))).toEqual(ch);
    store.close();
  });

  test("a bad day is refused", () => {
    const { store, h } = storeWith(...specs);
    expect(() => h.scoreOnDay("acme/web", "31/03/2026")).toThrow(RangeError);
    store.close();
  });
});

describe("weekly trend", () => {
  test("anchored to weeks, oldest first, with each check's org average", () => {
    const { store, h } = storeWith(
      { repo: "acme/a", at: day("03-03"), score: 2, checks: [{ id: "security-policy", score: 2 }, { id: "codeql", score: 2 }] },
      { repo: "acme/b", at: day("03-10"), score: 6, checks: [{ id: "security-policy", score: 6 }, { id: "codeql", score: null }] },
      { repo: "acme/a", at: day("03-17"), score: 8, checks: [{ id: "security-policy", score: 8 }, { id: "codeql", score: 8 }] },
    );
    const now = new Date("2026-03-18T10:00:00.000Z"); // a Wednesday
    expect(weekStart(now).toISOString()).toBe("2026-03-16T00:00:00.000Z");
    const t = h.weeklyTrend({}, now, 4);
    expect(t.map((p) => p.weekOf)).toEqual(["2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16"]);
    expect(t.map((p) => p.total)).toEqual([null, 2, 4, 7]);
    expect(t.map((p) => p.repositories)).toEqual([0, 1, 2, 2]);
    expect(t[2]!.checks).toEqual({ "security-policy": 4, codeql: 2 });
    expect(t[3]!.checks).toEqual({ "security-policy": 7, codeql: 8 });
    expect(t[2]!.at).toBe("2026-03-15T23:59:59.999Z");
    // the same data an hour later gives the same past points
    expect(h.weeklyTrend({}, new Date("2026-03-18T11:00:00.000Z"), 4).slice(0, 3)).toEqual(t.slice(0, 3));
    // the current point from already-read latest scans equals the query's
    expect(h.weeklyTrend({}, now, 4, h.latest()).at(-1)).toEqual(t.at(-1));
    // past weeks are kept per repository set: a different set is computed afresh
    expect(store.db.prepare("SELECT COUNT(*) FROM trend_points").pluck().get()).toBe(3);
    const onlyA = h.weeklyTrend({ fullName: "acme/a" }, now, 4);
    expect(onlyA.map((p) => p.total)).toEqual([null, 2, 2, 8]);
    expect(store.db.prepare("SELECT COUNT(DISTINCT scope) FROM trend_points").pluck().get()).toBe(2);
    store.close();
  });
});

describe("findings tracked by fingerprint", () => {
  const at = (n: number) => `2026-03-${String(n).padStart(2, "0")}T08:00:00.000Z`;
  const policy = (findings: ReturnType<typeof fail>[], score: number | null = 4) => ({ id: "security-policy" as const, score, findings });

  test("first seen, kept across scans (line moves do not matter), fixed when gone, reopened when back", () => {
    const { store, h } = storeWith(
      { repo: "acme/web", at: at(1), score: 4, checks: [policy([fail("noContact", "SECURITY.md", { line: 3 })])] },
      { repo: "acme/web", at: at(2), score: 4, checks: [policy([fail("noContact", "SECURITY.md", { line: 9 })])] },
    );
    const key = "security-policy:noContact:SECURITY.md:0";
    expect(h.findingLife("acme/web", key)).toEqual({ firstSeenAt: at(1), lastSeenAt: at(2), fixedAt: null });

    // an unknown check is no evidence of a fix
    store.saveScan(scanOf({ repo: "acme/web", at: at(3), score: null, checks: [policy([], null)] }));
    expect(h.findingLife("acme/web", key)!.fixedAt).toBeNull();

    store.saveScan(scanOf({ repo: "acme/web", at: at(4), score: 10, checks: [policy([], 10)] }));
    expect(h.findingLife("acme/web", key)).toEqual({ firstSeenAt: at(1), lastSeenAt: at(2), fixedAt: at(4) });

    store.saveScan(scanOf({ repo: "acme/web", at: at(5), score: 4, checks: [policy([fail("noContact", "SECURITY.md")])] }));
    expect(h.findingLife("acme/web", key)).toEqual({ firstSeenAt: at(1), lastSeenAt: at(5), fixedAt: null });
    store.close();
  });

  test("secrets by their fingerprint; two same findings in one file are two problems; passes are not tracked", () => {
    const { store, h } = storeWith({
      repo: "acme/web",
      at: at(1),
      score: 0,
      checks: [
        { id: "secrets", score: 0, findings: [fail("secretFound", "a.env", { fingerprint: "k1" }), fail("secretFound", "a.env", { fingerprint: "k2" })] },
        { id: "harden-runner", score: 0, findings: [fail("pinned", "ci.yml", { line: 3 }), fail("pinned", "ci.yml", { line: 8 }), { id: "ok", outcome: "pass", message: "fine" }] },
      ],
    });
    const keys = store.db.prepare("SELECT track_key FROM finding_tracks ORDER BY track_key").pluck().all();
    expect(keys).toEqual(["harden-runner:pinned:ci.yml:0", "harden-runner:pinned:ci.yml:1", "secrets:fp:k1", "secrets:fp:k2"]);

    // the first secret is removed, the other stays: only k1 is fixed
    store.saveScan(scanOf({ repo: "acme/web", at: at(2), score: 0, checks: [{ id: "secrets", score: 0, findings: [fail("secretFound", "b.env", { fingerprint: "k2" })] }] }));
    expect(h.findingLife("acme/web", "secrets:fp:k1")!.fixedAt).toBe(at(2));
    expect(h.findingLife("acme/web", "secrets:fp:k2")!.fixedAt).toBeNull();
    // harden-runner did not run in that scan: its problems stay open
    expect(h.findingLife("acme/web", "harden-runner:pinned:ci.yml:1")!.fixedAt).toBeNull();

    const ch = h.findingChanges({}, new Date(at(2)));
    expect(ch.fixed.map((c) => c.key)).toEqual(["secrets:fp:k1"]);
    expect(ch.opened).toEqual([]);
    expect(h.findingChanges({}, new Date(at(1))).opened).toHaveLength(4);
    // the dashboard header counts the same changes without reading them
    expect(h.findingChangeCounts({}, new Date(at(2)))).toEqual({ opened: 0, fixed: 1 });
    expect(h.findingChangeCounts({}, new Date(at(1)))).toEqual({ opened: 4, fixed: h.findingChanges({}, new Date(at(1))).fixed.length });
    expect(h.findingChangeCounts({ owner: "nobody" }, new Date(at(1)))).toEqual({ opened: 0, fixed: 0 });
    store.close();
  });

  test("findings stored before the migration get keys and tracks from it", () => {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    const [first, ...rest] = loadMigrations();
    migrate(db, [first!]);
    db.exec(`INSERT INTO repositories (id, full_name, owner, name, updated_at) VALUES (1, 'acme/web', 'acme', 'web', 'x');
      INSERT INTO scans (id, repository_id, trigger, source, scored_at, total) VALUES (1, 1, 'push', 'github', '${at(1)}', 4), (2, 1, 'push', 'github', '${at(2)}', 10);
      INSERT INTO check_results (id, scan_id, check_id, score, outcome, reason) VALUES (1, 1, 'security-policy', 4, 'fail', 'r'), (2, 2, 'security-policy', 10, 'pass', 'r');
      INSERT INTO findings (check_result_id, finding_id, outcome, message, path) VALUES (1, 'noContact', 'fail', 'm', 'SECURITY.md'), (2, 'hasContact', 'pass', 'm', 'SECURITY.md');`);
    migrate(db, [first!, ...rest]);
    expect(new History(db).findingLife("acme/web", "security-policy:noContact:SECURITY.md:0")).toEqual({ firstSeenAt: at(1), lastSeenAt: at(1), fixedAt: at(2) });
    db.close();
  });
});

describe("unchanged results are stored once", () => {
  const at = (n: number) => `2026-03-${String(n).padStart(2, "0")}T08:00:00.000Z`;
  const spec = (n: number, score = 4) => ({
    repo: "acme/web",
    at: at(n),
    score,
    checks: [{ id: "security-policy" as const, score, findings: [fail("noContact", "SECURITY.md")] }],
  });

  test("identical daily scans share one set of results; every reader still sees them", () => {
    const { store, h } = storeWith(spec(1), spec(2), spec(3));
    const count = (t: string) => store.db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get();
    expect([count("scans"), count("check_results"), count("findings")]).toEqual([3, 1, 1]);
    const [web] = h.latest();
    expect(web!.scoredAt).toBe(at(3));
    expect(web!.checks).toEqual([{ id: "security-policy", score: 4, outcome: "fail", reason: "because" }]);
    expect(web!.findings.map((f) => f.id)).toEqual(["noContact"]);
    expect(store.latestScans()[0]!.checks).toHaveLength(1);
    expect(store.scanForCommit("acme/web", `c-${at(3)}`)!.checks[0]!.findings[0]!.id).toBe("noContact");
    expect(h.weeklyTrend({}, new Date(at(4)), 1)[0]!.checks).toEqual({ "security-policy": 4 });
    expect(h.findingLife("acme/web", "security-policy:noContact:SECURITY.md:0")).toEqual({ firstSeenAt: at(1), lastSeenAt: at(3), fixedAt: null });

    // a change is stored in full, and a return to the old results is not confused with it
    store.saveScan(scanOf(spec(4, 10)));
    store.saveScan(scanOf({ ...spec(5, 10), checks: [{ id: "security-policy", score: 10 }] }));
    store.saveScan(scanOf(spec(6)));
    expect(count("check_results")).toBe(4);
    expect(h.latest()[0]!.findings.map((f) => f.id)).toEqual(["noContact"]);
    expect(h.findingLife("acme/web", "security-policy:noContact:SECURITY.md:0")).toMatchObject({ fixedAt: null, lastSeenAt: at(6) });
    store.close();
  });

  test("retention keeps a scan whose results a kept scan shares", () => {
    const { store, h } = storeWith(spec(2), spec(3), spec(4), spec(10));
    expect(h.prune({ dailyDays: 0 }, new Date("2026-03-20T00:00:00.000Z"))).toBe(1);
    // the week of 2–8 March keeps its newest (the 4th) and the 2nd, which holds the results the 4th shares
    expect(store.db.prepare("SELECT scored_at FROM scans ORDER BY scored_at").pluck().all()).toEqual([at(2), at(4), at(10)]);
    expect(h.latest()[0]!.checks).toHaveLength(1);
    store.close();
  });
});

describe("retention", () => {
  test("daily for N days, weekly before, the latest of a repository is never removed", () => {
    const store = new Store(":memory:");
    const now = new Date("2026-06-30T12:00:00.000Z");
    // acme/web: two scans a day for 60 days up to now
    for (let d = 0; d < 60; d++) {
      for (const hour of [6, 18]) {
        const t = new Date(now.getTime() - d * 86_400_000);
        t.setUTCHours(hour);
        if (t <= now) store.saveScan(scanOf({ repo: "acme/web", at: t.toISOString(), score: d % 10 }));
      }
    }
    // acme/quiet: scanned twice on one day long ago, never since
    store.saveScan(scanOf({ repo: "acme/quiet", at: "2025-01-01T01:00:00.000Z", score: 1 }));
    store.saveScan(scanOf({ repo: "acme/quiet", at: "2025-01-01T02:00:00.000Z", score: 2 }));
    const h = new History(store);
    const before = h.latest().map((r) => [r.fullName, r.scanId]);
    const removed = h.prune({ dailyDays: 14 }, now);

    const rows = store.db.prepare("SELECT r.full_name AS repo, s.scored_at AS at FROM scans s JOIN repositories r ON r.id = s.repository_id ORDER BY s.scored_at").all() as Array<{ repo: string; at: string }>;
    const web = rows.filter((r) => r.repo === "acme/web").map((r) => r.at);
    const recent = web.filter((a) => a >= "2026-06-16");
    const old = web.filter((a) => a < "2026-06-16");
    // one per day in the daily window (today's 06:00 scan is the only one so far today)
    expect(new Set(recent.map((a) => a.slice(0, 10))).size).toBe(recent.length);
    expect(recent).toHaveLength(15);
    expect(recent.every((a) => a.includes("T18:") || a.startsWith("2026-06-30"))).toBe(true);
    // one per Monday–Sunday week before it, the week's last
    const weekOf = (a: string) => weekStart(new Date(a)).toISOString();
    expect(new Set(old.map(weekOf)).size).toBe(old.length);
    expect(old.every((a) => new Date(a).getUTCDay() === 0 || a.startsWith("2026-06-15"))).toBe(true);
    expect(rows.filter((r) => r.repo === "acme/quiet").map((r) => r.at)).toEqual(["2025-01-01T02:00:00.000Z"]);
    expect(h.latest().map((r) => [r.fullName, r.scanId])).toEqual(before);
    expect(removed).toBe(119 + 2 - rows.length);
    // check results went with their scans
    expect(store.db.prepare("SELECT COUNT(*) FROM check_results").pluck().get()).toBe(rows.length);
    // running it again removes nothing
    expect(h.prune({ dailyDays: 14 }, now)).toBe(0);
    store.close();
  });

  test("the daily window comes from SCORECARD_RETENTION_DAYS, ignored unless a positive integer", () => {
    expect(retentionPolicy({ SCORECARD_RETENTION_DAYS: "30" })).toEqual({ dailyDays: 30 });
    expect(retentionPolicy({ SCORECARD_RETENTION_DAYS: "-1" })).toEqual({ dailyDays: 90 });
    expect(retentionPolicy({ SCORECARD_RETENTION_DAYS: "abc" })).toEqual({ dailyDays: 90 });
    expect(retentionPolicy({})).toEqual({ dailyDays: 90 });
  });
});
