import { describe, expect, test } from "@jest/globals";
import Database from "better-sqlite3";
import { example } from "../helpers/examples.js";
import { makeWorld } from "../fixtures/worlds/generate.js";
import { useHarness } from "./harness.js";

const REPOS = 20;
const PROFILES = 3; // makeWorld cycles through three repository profiles

function installationCreated(world: ReturnType<typeof makeWorld>) {
  const inst = world.installations[0]!;
  const payload = example<Record<string, unknown>>("installation", "created", inst.id);
  payload.installation = { ...(payload.installation as object), id: inst.id, account: { login: inst.account.login, id: 1, type: "Organization" } };
  payload.repositories = world.repositories.map((r) => ({ id: r.id, name: r.name, full_name: `${r.owner}/${r.name}`, private: r.private ?? false }));
  return payload;
}

interface ScanRow {
  fullName: string;
  total: number | null;
  checks: string;
}

function scans(dbPath: string): ScanRow[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT r.full_name AS fullName, s.total AS total,
                (SELECT group_concat(c.check_id || ':' || c.outcome || ':' || IFNULL(c.score, '-'), ' ') FROM check_results c WHERE c.scan_id = s.id) AS checks
         FROM scans s JOIN repositories r ON r.id = s.repository_id ORDER BY r.full_name`,
      )
      .all() as ScanRow[];
  } catch {
    return []; // the app has not migrated the file yet
  } finally {
    db.close();
  }
}

describe("e2e: a 20-repository sweep while GitHub fails now and then", () => {
  const world = makeWorld({ repos: REPOS });

  const h = useHarness(world);

  test("5xx, secondary rate limits and 429 are retried: every repository is scored as if nothing failed", async () => {
    const rules = [
      h.fake.faults.fail("GET /repos/*/*/dependabot/alerts", 502, 2),
      h.fake.faults.fail("GET /repos/*/*/tarball/**", 503, 2),
      h.fake.faults.fail("GET /repos/*/*/commits/*", 500, 1),
      h.fake.faults.secondaryRateLimit("GET /repos/**", 2, 1),
      h.fake.faults.tooManyRequests("GET /repos/*/*/branches/*/protection", 1, 1),
    ];
    const started = Date.now();
    const res = await h.sendWebhook("installation", installationCreated(world), { timeoutMs: 60000 });
    expect([200, 202]).toContain(res.status); // 202 once deliveries are queued before processing
    const deadline = Date.now() + 40000;
    while (scans(h.dbPath).length < REPOS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await h.settle();
    const rows = scans(h.dbPath);
    const wall = Date.now() - started;

    const perRepo = h.fake.countByRepo();
    const counts = world.repositories.map((r) => perRepo[`${r.owner}/${r.name}`] ?? 0);
    const faulted = h.fake.requests.filter((r) => r.faults?.length && r.status !== 200).length;
    console.log(
      `e2e sweep of ${REPOS} repositories under faults: ${h.fake.requests.length} requests (${faulted} answered with a fault), ` +
        `per repository min ${Math.min(...counts)} / max ${Math.max(...counts)} / mean ${(counts.reduce((a, b) => a + b, 0) / REPOS).toFixed(1)} (target ≤ 8), ` +
        `peak ${h.fake.peakConcurrency(1)} in flight, peak ${h.fake.peakRate(1000, 1)} requests/s, wall ${wall} ms`,
    );

    // every fault was actually served, so the test exercised the retries
    for (const rule of rules) expect({ rule: rule.label, left: rule.left }).toEqual({ rule: rule.label, left: 0 });
    expect(rows.map((r) => r.fullName)).toEqual(world.repositories.map((r) => `${r.owner}/${r.name}`));
    // repositories of one profile are identical worlds: the same results, whether GitHub failed or not
    for (let p = 0; p < PROFILES; p++) {
      const same = rows.filter((_, i) => i % PROFILES === p).map((r) => ({ repo: r.fullName, result: `${r.total} ${r.checks}` }));
      expect(same).toEqual(same.map(({ repo }) => ({ repo, result: same[0]!.result })));
    }
    expect(rows.some((r) => /:error:/.test(r.checks))).toBe(false);
  });
});
