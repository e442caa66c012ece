import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import Database from "better-sqlite3";
import nock from "nock";
import { example } from "../helpers/examples.js";
import { makeWorld } from "../fixtures/worlds/generate.js";
import { Harness } from "./harness.js";

const REPOS = 20;

function scansPerRepo(dbPath: string): Map<string, number> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare("SELECT r.full_name AS fullName, COUNT(s.id) AS n FROM repositories r JOIN scans s ON s.repository_id = r.id GROUP BY r.id")
      .all() as { fullName: string; n: number }[];
    return new Map(rows.map((r) => [r.fullName, r.n]));
  } catch {
    return new Map(); // not migrated yet
  } finally {
    db.close();
  }
}

function integrity(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join(", ");
  } finally {
    db.close();
  }
}

async function until(pred: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("e2e: kill -9 during a sweep", () => {
  const world = makeWorld({ repos: REPOS });
  let h: Harness;

  beforeAll(async () => {
    nock.restore();
    h = await Harness.start(world);
  });
  afterAll(async () => {
    await h?.stop();
  });

  test("the restarted app finishes the sweep: every repository scored, the database intact", async () => {
    h.fake.faults.slow("GET /repos/**", 40); // long enough a sweep to kill it midway
    const inst = world.installations[0]!;
    const payload = example<Record<string, unknown>>("installation", "created", inst.id);
    payload.installation = { ...(payload.installation as object), id: inst.id, account: { login: inst.account.login, id: 1, type: "Organization" } };
    const res = await h.sendWebhook("installation", payload, { id: "delivery-crash" });
    expect([200, 202]).toContain(res.status);

    await until(() => scansPerRepo(h.dbPath).size >= 3, "a few repositories scored", 20000);
    await h.kill();
    const atKill = scansPerRepo(h.dbPath);
    expect(integrity(h.dbPath)).toBe("ok");
    expect(atKill.size).toBeLessThan(REPOS); // the kill really came mid-sweep

    h.fake.faults.clear();
    await h.restart();
    await until(() => scansPerRepo(h.dbPath).size === REPOS, "every repository scored after the restart", 30000);
    await h.settle();
    const after = scansPerRepo(h.dbPath);
    const rescored = [...after].filter(([, n]) => n > 1).map(([r]) => r);
    console.log(`e2e kill -9 mid-sweep: ${atKill.size}/${REPOS} scored at the kill, ${REPOS} after the restart; scored twice: ${rescored.length} (${rescored.join(", ") || "none"})`);
    expect(integrity(h.dbPath)).toBe("ok");
    expect([...after.keys()].sort()).toEqual(world.repositories.map((r) => `${r.owner}/${r.name}`));
    // the sweep resumed after the repositories it had finished, it did not start over
    for (const [repo] of atKill) expect({ repo, scans: after.get(repo) }).toEqual({ repo, scans: 1 });
  });
});
