import { describe, expect, test } from "@jest/globals";
import Database from "better-sqlite3";
import { example } from "../helpers/examples.js";
import { INSTALLATION_ID, ORG, orgSmall } from "../fixtures/worlds/org-small.js";
import { existsSync, readFileSync } from "node:fs";
import { Store } from "../../src/store/store.js";
import { ALPHA, fakes } from "../helpers/secrets.js";
import { useHarness } from "./harness.js";

const REPOS = orgSmall.repositories.map((r) => `${r.owner}/${r.name}`);
/** Ways the app may read a commit's files: a tree listing, the tarball, or file contents. */
const FILE_ROUTES = new Set(["/repos/:owner/:repo/git/trees/:sha", "/repos/:owner/:repo/tarball/*ref", "/repos/:owner/:repo/contents/*path"]);

function installationCreated() {
  const payload = example<Record<string, unknown>>("installation", "created", INSTALLATION_ID);
  payload.installation = {
    ...(payload.installation as object),
    id: INSTALLATION_ID,
    account: { login: ORG, id: 9001, type: "Organization" },
  };
  payload.repositories = orgSmall.repositories.map((r) => ({ id: r.id, name: r.name, full_name: `${r.owner}/${r.name}`, private: r.private ?? false }));
  return payload;
}

describe("e2e: the built app against the fake GitHub", () => {
  /** A push to the default branch of `name`, as GitHub delivers it. */
  const pushPayload = (name: string, before: string, after: string, commits: { id: string; added: string[]; removed: string[]; modified: string[] }[]) => {
    const model = h.fake.repo(name);
    const repository = { id: model.spec.id, name: model.spec.name, full_name: name, owner: { login: ORG }, default_branch: model.defaultBranch, private: false };
    return { ref: `refs/heads/${model.defaultBranch}`, before, after, forced: false, created: false, deleted: false, commits, repository, installation: { id: INSTALLATION_ID } };
  };

  const h = useHarness(orgSmall);

  test("a webhook with a bad or missing signature gets 400 and reaches no handler", async () => {
    const payload = installationCreated();
    expect((await h.sendWebhook("installation", payload, { secret: "not-the-secret" })).status).toBe(400);
    expect((await h.sendWebhook("installation", payload, { signature: null })).status).toBe(400);
    expect(h.fake.requests).toHaveLength(0);
  });

  test("installation.created scores every repository and stores a scan per repository", async () => {
    h.fake.clearLog();
    const res = await h.sendWebhook("installation", installationCreated());
    expect([200, 202]).toContain(res.status); // 202 once deliveries are queued before processing
    await h.waitForRequest((r) => r.route === "/installation/repositories", "the repository list");
    for (const repo of REPOS) {
      await h.waitForRequest((r) => r.repo === repo && FILE_ROUTES.has(r.route) && r.status === 200, `the files of ${repo}`);
    }
    await h.settle();

    const perRepo = h.fake.countByRepo();
    const summary = Object.entries(perRepo).map(([r, n]) => `${r}=${n}`).join(" ");
    console.log(`e2e cold sweep of ${REPOS.length} repositories, API requests: ${summary}; total ${h.fake.requests.length} (target ≤ 8 per repository)`);
    for (const repo of REPOS) expect(perRepo[repo]).toBeGreaterThan(0);
    // the app never touched anything the installation cannot see, nor failed on the fake
    expect(h.fake.requests.filter((r) => r.route === "(unknown)")).toEqual([]);
    expect(h.fake.requests.filter((r) => r.status >= 500)).toEqual([]);

    const db = new Database(h.dbPath, { readonly: true, fileMustExist: true });
    try {
      const rows = db
        .prepare(
          `SELECT r.full_name AS fullName, r.private AS private, COUNT(s.id) AS scans, MAX(s.commit_sha) AS commitSha
           FROM repositories r JOIN scans s ON s.repository_id = r.id GROUP BY r.id ORDER BY r.full_name`,
        )
        .all() as { fullName: string; private: number; scans: number; commitSha: string | null }[];
      expect(rows.map((r) => r.fullName)).toEqual([...REPOS].sort());
      for (const row of rows) {
        expect(row.scans).toBe(1);
        const head = h.fake.repo(row.fullName).branches.get(h.fake.repo(row.fullName).defaultBranch);
        expect(row.commitSha).toBe(head);
      }
      expect(rows.find((r) => r.fullName === "acme/vault")?.private).toBe(1);
      // fortress's rules and ruleset came from the sweep's one GraphQL query: the same verdict as over REST
      const graphql = h.fake.requests.filter((r) => r.route === "/api/graphql" || r.route === "/graphql");
      expect(graphql.length).toBe(1);
      expect(h.fake.requests.filter((r) => r.route === "/repos/:owner/:repo/rules/branches/:branch")).toEqual([]);
      const bp = db.prepare("SELECT cr.score, cr.outcome FROM check_results cr JOIN scans s ON s.id = COALESCE(s.results_of, s.id) AND cr.scan_id = s.id JOIN repositories r ON r.id = s.repository_id WHERE r.full_name = 'acme/fortress' AND cr.check_id = 'branch-protection'").get();
      expect(bp).toEqual({ score: 10, outcome: "pass" });
      // the description comes with the installation's repository list, for the dashboard
      expect(db.prepare("SELECT description FROM repositories WHERE full_name = ?").pluck().get("acme/fortress")).toBe("Payments API: the well-configured one");
      const installation = db.prepare("SELECT account_login AS login, active FROM installations WHERE id = ?").get(INSTALLATION_ID);
      expect(installation).toEqual({ login: ORG, active: 1 });
    } finally {
      db.close();
    }
  });

  test("a second sweep of the unchanged installation (a new delivery) costs no more than the first and scores every repository again", async () => {
    const cold = h.fake.countByRepo();
    h.fake.clearLog();
    const res = await h.sendWebhook("installation", installationCreated());
    expect([200, 202]).toContain(res.status);
    await h.waitForRequest((r) => r.route === "/installation/repositories", "the repository list");
    await h.settle();
    const warm = h.fake.countByRepo();
    const line = REPOS.map((r) => `${r}=${warm[r] ?? 0} (cold ${cold[r] ?? 0})`).join(" ");
    const notModified = h.fake.requests.filter((r) => r.status === 304).length;
    console.log(`e2e warm sweep, API requests: ${line}; ${notModified} answered 304; total ${h.fake.requests.length} (target ≤ 3 per repository)`);
    for (const repo of REPOS) expect(warm[repo] ?? 0).toBeLessThanOrEqual(cold[repo] ?? 0);

    const db = new Database(h.dbPath, { readonly: true, fileMustExist: true });
    try {
      const perRepo = db
        .prepare("SELECT r.full_name AS fullName, COUNT(s.id) AS scans FROM repositories r JOIN scans s ON s.repository_id = r.id GROUP BY r.id ORDER BY r.full_name")
        .all();
      expect(perRepo).toEqual([...REPOS].sort().map((fullName) => ({ fullName, scans: 2 })));
    } finally {
      db.close();
    }
  });

  test("a push that changes one source file re-collects only the tree, its commit, CodeQL and secret scanning; the other results are kept", async () => {
    const name = "acme/fortress";
    const model = h.fake.repo(name);
    const before = model.branches.get(model.defaultBranch)!;
    const after = h.fake.push(name, model.defaultBranch, { ...model.commits.get(before)!.files, "src/pushed.ts": "export const pushed = 1;\n" });
    h.fake.clearLog();
    const payload = pushPayload(name, before, after, [{ id: after, added: ["src/pushed.ts"], removed: [], modified: [] }]);
    expect([200, 202]).toContain((await h.sendWebhook("push", payload)).status);
    await h.waitForRequest((r) => r.repo === name && r.route === "/repos/:owner/:repo/tarball/*ref", "the pushed commit's files");
    await h.settle();
    const routes = h.fake.requests.filter((r) => r.repo === name).map((r) => r.route).sort();
    console.log(`e2e push of one source file, API requests: ${routes.length} (${routes.join(", ")})`);
    // the pushed commit's own diff is read for secrets pushed and removed again
    expect(routes).toEqual(["/repos/:owner/:repo/code-scanning/analyses", "/repos/:owner/:repo/commits/:ref", "/repos/:owner/:repo/secret-scanning/alerts", "/repos/:owner/:repo/tarball/*ref"]);

    // read through the store's own query (the app is idle after settle)
    const store = new Store(h.dbPath);
    try {
      const scores = (commit: string) => new Map(store.scanForCommit(name, commit)!.checks.map((c) => [c.id, c.score]));
      const was = scores(before);
      const now = scores(after);
      expect(now.size).toBe(6);
      for (const id of ["branch-protection", "security-policy", "dependabot", "harden-runner"] as const) expect(now.get(id)).toBe(was.get(id));
    } finally {
      store.close();
    }
  });

  test("a secret pushed and removed again in the same push fails the secrets check, masked: it stays in the history", async () => {
    const name = "acme/fortress";
    const model = h.fake.repo(name);
    const before = model.branches.get(model.defaultBranch)!;
    const files = model.commits.get(before)!.files;
    const secret = "gh" + "p_" + fakes(3).str(36, ALPHA.b62);
    const c1 = h.fake.push(name, model.defaultBranch, { ...files, "src/config.ts": `export const token = "${secret}";\n` });
    const c2 = h.fake.push(name, model.defaultBranch, { ...files, "src/config.ts": "export const token = process.env.TOKEN;\n" });
    const commits = [
      { id: c1, added: ["src/config.ts"], removed: [], modified: [] },
      { id: c2, added: [], removed: [], modified: ["src/config.ts"] },
    ];
    const payload = pushPayload(name, before, c2, commits);
    expect([200, 202]).toContain((await h.sendWebhook("push", payload)).status);
    await h.waitForRequest((r) => r.repo === name && r.route === "/repos/:owner/:repo/commits/:ref" && r.path.includes(c1), "the first pushed commit");
    await h.settle();
    const store = new Store(h.dbPath);
    try {
      const secrets = store.scanForCommit(name, c2)!.checks.find((c) => c.id === "secrets")!;
      expect(secrets.score).toBe(0);
      const finding = secrets.findings.find((f) => f.message.includes("removed again"))!;
      expect(finding.message).toContain(`committed in ${c1.slice(0, 7)} at src/config.ts:1`);
      expect(JSON.stringify(secrets)).not.toContain(secret);
    } finally {
      store.close();
    }
    // nor anywhere in the database (the HTTP cache once kept the commit's patch)
    for (const file of [h.dbPath, `${h.dbPath}-wal`].filter(existsSync)) expect({ file, raw: readFileSync(file).includes(secret) }).toEqual({ file, raw: false });
  });
});
