// The app as a process (lib/main.js) against the loopback fake GitHub (compiled to bench/out by
// tsconfig.bench.json): API requests per repository cold and warm, PR event → completed check run
// latency, and a 1,000-repository sweep (wall time, peak RSS, peak request rate). Prints one table.
// Env: BENCH_PR_RUNS (15 per diff size), BENCH_SWEEP_REPOS (1000), BENCH_SWEEP_TIMEOUT_S (120).
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { AppUnderBench, sleep } from "./app-process.mjs";
import { makeWorld } from "./out/test/fixtures/worlds/generate.js";
import { example } from "./out/test/helpers/examples.js";

const PR_RUNS = Number(process.env.BENCH_PR_RUNS ?? 15);
const SWEEP_REPOS = Number(process.env.BENCH_SWEEP_REPOS ?? 1000);
const SWEEP_TIMEOUT_MS = Number(process.env.BENCH_SWEEP_TIMEOUT_S ?? 120) * 1000;
/** GitHub's primary limit for an app installation with 1,000 repositories (5,000 + 50 per repository over 20, capped at 12,500). */
const RATE_LIMIT = 12_500;
const CHECK_RUN = "/repos/:owner/:repo/check-runs/:id";

const rows = [];
const notes = [];
const row = (metric, value, target, ok) => rows.push({ metric, value, target: target ?? "", verdict: ok === undefined ? "" : ok ? "PASS" : "MISS" });
const fullName = (r) => `${r.owner}/${r.name}`;
const stats = (xs) => ({ mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) });
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const mb = (n) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function installationCreated(world) {
  const inst = world.installations[0];
  const p = example("installation", "created", inst.id);
  p.installation = { ...p.installation, id: inst.id, account: { login: inst.account.login, id: inst.account.id, type: "Organization" } };
  p.repositories = world.repositories.map((r) => ({ id: r.id, name: r.name, full_name: fullName(r), private: r.private ?? false }));
  return p;
}

/** Distinct repositories with at least one scan, read-only from the app's SQLite file (null before it exists). */
function scannedCounter(dbPath) {
  let db = null;
  return {
    count() {
      if (!db) {
        if (!existsSync(dbPath)) return null;
        try {
          db = new Database(dbPath, { readonly: true, fileMustExist: true });
        } catch {
          return null;
        }
      }
      try {
        return db.prepare("SELECT COUNT(DISTINCT repository_id) AS n FROM scans").get().n;
      } catch {
        return null; // tables not migrated yet
      }
    },
    close: () => db?.close(),
  };
}

async function untilScanned(app, expected, timeoutMs, onTick = () => {}) {
  const db = scannedCounter(app.dbPath);
  const deadline = Date.now() + timeoutMs;
  let n = 0;
  try {
    while (Date.now() < deadline) {
      onTick();
      n = db.count() ?? 0;
      if (n >= expected) return { done: true, n, at: Date.now() };
      await sleep(200);
    }
    return { done: false, n, at: Date.now() };
  } finally {
    db.close();
  }
}

/** Requests per repository of `repos` in `log`, and what the installation itself cost. */
function perRepo(fake, log, repos) {
  const by = fake.countByRepo(log);
  const counts = repos.map((r) => by[r] ?? 0);
  const other = log.length - counts.reduce((a, b) => a + b, 0);
  return { counts, other, notModified: log.filter((r) => r.status === 304 && repos.includes(r.repo)).length };
}

/** "GET /repos/:owner/:repo/git/trees/:sha ×1.0, …": each route's requests per repository. */
function routeMix(log, repos) {
  const set = new Set(repos);
  const by = new Map();
  for (const r of log) if (set.has(r.repo)) by.set(`${r.method} ${r.route}`, (by.get(`${r.method} ${r.route}`) ?? 0) + 1);
  return [...by].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k.replace("/repos/:owner/:repo", "…")} ×${(n / repos.length).toFixed(2)}`).join(", ");
}

async function coldAndWarm() {
  const world = makeWorld({ repos: 20, org: "bench" });
  const repos = world.repositories.map(fullName);
  // the scheduled sweep's first run comes one interval after start: ~11 s, after the cold sweep
  const app = await AppUnderBench.start(world, { env: { SWEEP_INTERVAL_HOURS: "0.003" } });
  try {
    await app.sendWebhook("installation", installationCreated(world));
    const cold = await untilScanned(app, repos.length, 30_000);
    await app.settle(1000, 20_000);
    const coldLog = app.fake.requests.slice();
    const c = perRepo(app.fake, coldLog, repos);
    const cs = stats(c.counts);
    row(`cold: API requests per repository (20 repos, installation.created)`, `mean ${cs.mean.toFixed(1)}, min ${cs.min}, max ${cs.max}${cold.done ? "" : ` (only ${cold.n} scanned)`}`, "≤ 8", cold.done && cs.max <= 8);
    const gql = coldLog.filter((r) => r.route === "/api/graphql" || r.route === "/graphql").length;
    row(`cold: requests not tied to a repository (token, repo list, org config, dashboard, GraphQL)`, `${c.other}, of which ${gql} GraphQL (branch rules of up to 50 repositories each: +${(gql / repos.length).toFixed(2)} per repository)`);
    notes.push(`cold requests per repository by route (20 repos): ${routeMix(coldLog, repos)}`);

    const from = coldLog.length;
    await app.fake.until((log) => log.slice(from).some((r) => r.route === "/app/installations"), "the scheduled sweep", 30_000);
    const startSeq = app.fake.requests.length;
    await app.settle(1500, 30_000);
    // stop at the next scheduled run, should one begin while settling
    const after = app.fake.requests.slice(startSeq);
    const next = after.findIndex((r) => r.route === "/app/installations");
    const warmLog = app.fake.requests.slice(from, next < 0 ? undefined : startSeq + next);
    const w = perRepo(app.fake, warmLog, repos);
    const ws = stats(w.counts);
    const total = w.counts.reduce((a, b) => a + b, 0);
    row(`warm: API requests per repository (scheduled sweep, nothing changed)`, `mean ${ws.mean.toFixed(1)}, min ${ws.min}, max ${ws.max}; ${w.notModified} of ${total} were 304`, "≤ 3", ws.max <= 3);
    row(`warm: requests not tied to a repository`, `${w.other}`);
    notes.push(`warm requests per repository by route: ${routeMix(warmLog, repos)}`);
  } finally {
    await app.stop();
  }
}

/** A push to the default branch of every repository that changes one source file, after a cold sweep. */
async function pushCost() {
  const world = makeWorld({ repos: 20, org: "bench" });
  const repos = world.repositories.map(fullName);
  const app = await AppUnderBench.start(world);
  try {
    await app.sendWebhook("installation", installationCreated(world));
    const cold = await untilScanned(app, repos.length, 30_000);
    if (!cold.done) throw new Error(`cold sweep incomplete: ${cold.n} of ${repos.length}`);
    await app.settle(1000, 20_000);
    const from = app.fake.requests.length;
    for (const r of world.repositories) {
      const model = app.fake.repo(fullName(r));
      const before = model.branches.get(model.defaultBranch);
      const after = app.fake.push(fullName(r), model.defaultBranch, { ...model.commits.get(before).files, "src/pushed.ts": "export const pushed = 1;\n" });
      const repository = { id: r.id, name: r.name, full_name: fullName(r), owner: { login: r.owner }, default_branch: model.defaultBranch, private: r.private ?? false };
      await app.sendWebhook("push", { ref: `refs/heads/${model.defaultBranch}`, before, after, forced: false, created: false, deleted: false, commits: [{ id: after, added: ["src/pushed.ts"], removed: [], modified: [] }], repository, installation: { id: world.installations[0].id } });
    }
    await app.fake.until((log) => repos.every((n) => log.slice(from).some((q) => q.repo === n && q.route === "/repos/:owner/:repo/tarball/*ref")), "every pushed commit's files", 30_000);
    await app.settle(1500, 30_000);
    const log = app.fake.requests.slice(from);
    const p = perRepo(app.fake, log, repos);
    const ps = stats(p.counts);
    row(`push of one source file to the default branch: API requests per repository (20 repos)`, `mean ${ps.mean.toFixed(1)}, min ${ps.min}, max ${ps.max}`, "", undefined);
    notes.push(`push requests per repository by route: ${routeMix(log, repos)}`);
  } finally {
    await app.stop();
  }
}

function codeLines(n, run) {
  const out = [`// change ${run}`];
  for (let i = 1; i < n; i++) out.push(`export const value${i} = compute(${i}, "run-${run}");`);
  return out.join("\n") + "\n";
}

async function pullRequestLatency() {
  const world = makeWorld({ repos: 1, org: "bench" });
  const repo = world.repositories[0];
  const name = fullName(repo);
  const baseFiles = repo.branches[repo.default_branch];
  repo.pulls = [{ number: 1, title: "bench", head: { ref: "feature", files: { ...baseFiles, "src/change.ts": codeLines(10, 0) } }, base: { ref: repo.default_branch } }];
  const app = await AppUnderBench.start(world);
  const payload = (action, headSha) => {
    const model = app.fake.repo(name);
    const pr = model.spec.pulls[0];
    const p = example("pull_request", "synchronize", world.installations[0].id);
    const repository = { id: repo.id, name: repo.name, full_name: name, owner: { login: repo.owner, type: "Organization" }, private: repo.private ?? false, default_branch: model.defaultBranch };
    p.action = action;
    p.number = pr.number;
    p.repository = repository;
    p.installation = { id: world.installations[0].id };
    p.pull_request = { ...p.pull_request, number: pr.number, state: "open", draft: false, head: { ref: pr.head.ref, sha: headSha, repo: repository }, base: { ref: pr.base.ref, sha: pr.base.sha, repo: repository } };
    return p;
  };
  const createdAfter = (from) => app.fake.requests.slice(from).find((r) => r.method === "POST" && r.route === "/repos/:owner/:repo/check-runs");
  // completed by a PATCH, or created completed at once when the analysis is quick
  const completedAfter = (from) =>
    app.fake.requests.slice(from).find((r) => ((r.method === "PATCH" && r.route === CHECK_RUN) || (r.method === "POST" && r.route === "/repos/:owner/:repo/check-runs")) && r.body?.conclusion);
  const createdMs = [];
  const once = async (action, headSha) => {
    const from = app.fake.requests.length;
    const { sentAt } = await app.sendWebhook("pull_request", payload(action, headSha));
    try {
      await app.fake.until(() => completedAfter(from) !== undefined, "the completed check run", 20_000);
    } catch {
      return Infinity;
    }
    const done = completedAfter(from);
    const created = createdAfter(from);
    if (created) createdMs.push(created.at + created.ms - sentAt);
    // the check run is complete when GitHub answers the PATCH; then let comment edits drain so
    // the next run does not queue behind this one's writes
    await app.settle(1100, 20_000);
    return done.at + done.ms - sentAt;
  };
  try {
    await once("opened", app.fake.repo(name).spec.pulls[0].head.sha); // first comment, caches warm
    const times = { 10: [], 1000: [] };
    for (let run = 1; run <= PR_RUNS; run++) {
      for (const n of [10, 1000]) {
        const head = app.fake.pushToPull(name, 1, { ...baseFiles, "src/change.ts": codeLines(n, run) });
        times[n].push(await once("synchronize", head));
      }
    }
    createdMs.shift(); // the untimed warm-up run
    row(`PR synchronize → check run created (in progress), both sizes (${createdMs.length} runs)`, `p50 ${pct(createdMs, 50)} ms, p99 ${pct(createdMs, 99)} ms`);
    for (const n of [10, 1000]) {
      const xs = times[n];
      const p50 = pct(xs, 50);
      const p99 = pct(xs, 99);
      const fmt = (v) => (Number.isFinite(v) ? `${v} ms` : "timeout");
      row(`PR synchronize → check run completed, ${n}-line diff (${xs.length} runs)`, `p50 ${fmt(p50)}, p99 ${fmt(p99)}, min ${Math.min(...xs)} ms`, "p50 ≤ 300 ms, p99 ≤ 1 s", p50 <= 300 && p99 <= 1000);
    }
  } finally {
    await app.stop();
  }
}

async function bigSweep() {
  const world = makeWorld({ repos: SWEEP_REPOS, org: "bench", archivedEvery: 50 });
  const live = world.repositories.filter((r) => !r.archived).length;
  const app = await AppUnderBench.start(world, { fake: { rateLimit: RATE_LIMIT } });
  try {
    const base = app.memory();
    let peakRss = base.rss;
    const { sentAt, status } = await app.sendWebhook("installation", installationCreated(world));
    const res = await untilScanned(app, live, SWEEP_TIMEOUT_MS, () => (peakRss = Math.max(peakRss, app.memory().rss)));
    const mem = app.memory();
    const secs = (res.at - sentAt) / 1000;
    const log = app.fake.requests;
    // 404 and the 403 "Dependabot alerts are disabled" are answers about a feature that is off, not errors
    const errors = log.filter((r) => r.status >= 400 && r.status !== 404 && !(r.status === 403 && r.route.endsWith("/dependabot/alerts"))).length;
    row(
      `sweep of ${SWEEP_REPOS} repositories (${live} not archived): webhook (${status}) → every scan stored`,
      res.done ? `${secs.toFixed(1)} s` : `not done in ${secs.toFixed(0)} s: ${res.n} of ${live} scanned (${(res.n / secs).toFixed(1)} repos/s)`,
      "≤ 60 s",
      res.done && secs <= 60,
    );
    row(`sweep: peak RSS of the app (sampled VmRSS / kernel VmHWM; ${mb(base.rss)} idle)`, `${mb(peakRss)} / ${mb(Math.max(mem.hwm, peakRss))}`, "≤ 300 MB", Math.max(mem.hwm, peakRss) <= 300 * 1024 * 1024);
    const ratePerRepo = (log.length / Math.max(1, res.n)).toFixed(1);
    row(
      // the fake answers synchronously on one event loop, so its in-flight peak understates the app's concurrency
      `sweep: requests to GitHub, peak rate in any 1 s, peak in flight at the fake`,
      `${log.length} (${ratePerRepo}/repo scanned, ${errors} errors other than 404 or "alerts disabled"); peak ${app.fake.peakRate(1000)}/s; ${app.fake.peakConcurrency(world.installations[0].id)} in flight`,
      `within ${RATE_LIMIT}/h budget`,
      log.length <= RATE_LIMIT && errors === 0,
    );
  } finally {
    await app.stop();
  }
}

const started = Date.now();
const sections = [
  ["cold and warm request counts", coldAndWarm],
  ["push request counts", pushCost],
  ["pull request latency", pullRequestLatency],
  ["1,000-repository sweep", bigSweep],
];
let failed = false;
for (const [what, fn] of sections) {
  const t = Date.now();
  try {
    await fn();
  } catch (err) {
    failed = true;
    row(`${what}: did not complete`, String(err.message).split("\n")[0].slice(0, 160));
  }
  console.log(`  (${what}: ${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

const w = ["metric", "value", "target", "verdict"].map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(w[i])).join(" | ")} |`;
console.log(`\napp bench (lib/main.js against the loopback fake GitHub), ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(line(["metric", "value", "target", "verdict"]));
console.log(line(w.map((n) => "-".repeat(n))));
for (const r of rows) console.log(line([r.metric, r.value, r.target, r.verdict]));
for (const n of notes) console.log(`\n${n}`);
// a missed target is a figure, not a failure; a section that could not run is
process.exitCode = failed ? 1 : 0;
