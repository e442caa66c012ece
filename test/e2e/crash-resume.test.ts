import { describe, expect, test } from "@jest/globals";
import Database from "better-sqlite3";
import { example } from "../helpers/examples.js";
import { makeWorld } from "../fixtures/worlds/generate.js";
import { leakyPull, PR_NUMBER, PR_REPO } from "../fixtures/worlds/pr-leak.js";
import { useHarness } from "./harness.js";

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

  const h = useHarness(world);

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

describe("e2e: kill -9 during a pull request job", () => {
  const pull = leakyPull();

  const h = useHarness(pull.world);

  test("after the restart the check run is completed once and the comment posted once", async () => {
    const repo = h.fake.repo(PR_REPO);
    const pr = repo.spec.pulls![0]!;
    const repository = { id: repo.spec.id, name: repo.spec.name, full_name: repo.fullName, owner: { login: repo.spec.owner }, private: false, default_branch: repo.defaultBranch };
    const payload = example<Record<string, unknown>>("pull_request", "opened", 1);
    payload.number = PR_NUMBER;
    payload.repository = repository;
    payload.pull_request = { ...(payload.pull_request as object), number: PR_NUMBER, state: "open", draft: false, head: { ref: pr.head.ref, sha: pr.head.sha, repo: repository }, base: { ref: pr.base.ref, sha: pr.base.sha, repo: repository } };

    h.fake.faults.slow("GET /repos/**", 400);
    expect([200, 202]).toContain((await h.sendWebhook("pull_request", payload, { id: "delivery-pr-crash" })).status);
    await h.waitForRequest((r) => r.method === "POST" && r.route === "/repos/:owner/:repo/check-runs", "the check run started");
    await h.kill();
    expect(repo.checkRuns.map((r) => r.status)).toEqual(["in_progress"]);

    h.fake.faults.clear();
    await h.restart();
    await h.fake.until(() => repo.checkRuns.some((r) => r.conclusion !== null), "a completed check run after the restart", 20000);
    await h.fake.until(() => repo.comments.length > 0, "the PR comment after the restart", 10000);
    await h.settle();
    const runs = repo.checkRuns.map((r) => `${r.head_sha.slice(0, 7)} ${r.status} ${r.conclusion}`);
    console.log(`e2e kill -9 mid PR job: check runs after the restart: ${runs.join("; ")}`);
    expect(repo.checkRuns.filter((r) => r.status === "completed")).toHaveLength(1);
    expect(repo.comments.filter((c) => c.issue_number === PR_NUMBER)).toHaveLength(1);
  });

  // The re-run job reuses the check run the killed process started (it would otherwise stay
  // "in progress" forever next to a new one).
  test("no check run is left in progress by the killed process", () => {
    const repo = h.fake.repo(PR_REPO);
    expect(repo.checkRuns.length).toBeGreaterThan(0);
    expect(repo.checkRuns.filter((r) => r.status !== "completed")).toEqual([]);
  });
});
