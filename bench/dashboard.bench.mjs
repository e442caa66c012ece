// Dashboard and history at scale: N repositories with a daily scan each for D days in a temp store.
// Prints store size, the time to read and render the dashboard, and the time to insert one scan.
// Runs on the built lib/ (npm run bench builds it). Env: BENCH_REPOS (10000), BENCH_DAYS (365),
// BENCH_RETENTION_DAYS (unset: no pruning; set: prune as the app would, then measure again).
import { mkdtempSync, rmSync, statSync, existsSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { CHECKS } from "../lib/checks/registry.js";
import { Store } from "../lib/store/store.js";
import { dashboardData, History } from "../lib/store/history.js";
import { dashboardView } from "../lib/render/dashboard-view.js";
import { planDashboard, renderDashboardPage } from "../lib/render/dashboard.js";

const REPOS = Number(process.env.BENCH_REPOS ?? 10_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const RETENTION = process.env.BENCH_RETENTION_DAYS ? Number(process.env.BENCH_RETENTION_DAYS) : null;
const ORG = "bench-org";
const DAY = 86_400_000;
const now = new Date();
const checkIds = CHECKS.map((c) => c.id);

const dir = mkdtempSync(path.join(tmpdir(), "scb-bench-"));
const file = path.join(dir, "bench.db");
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const sizeOf = () => ["", "-wal", "-shm"].map((s) => file + s).filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);

// A deterministic pseudo-random stream, so runs compare.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

const REASONS = [
  "no SECURITY.md in the repository nor in the organization's .github repository",
  "harden-runner is the first step of 2 of 5 jobs; egress policy is audit",
  "the default branch requires reviews but allows force pushes by admins",
  "Dependabot version updates cover 1 of 3 ecosystems (npm; missing: pip, docker)",
];
const REMEDIATION = "Add step-security/harden-runner as the first step of every job, with egress-policy: block and an allow-list of endpoints.";

/** Each check of a repository moves one step every ~120 days (a new workflow, a setting changed); most days nothing changes. */
const PERIOD = 120;
const phaseOf = (r, k, day) => Math.floor((day + r * 37 + k * 53) / PERIOD) % 3;

function scanFor(r, t, base) {
  const day = Math.floor(t / DAY);
  const checks = checkIds.map((id, k) => {
    const score = Math.max(0, Math.min(10, base[k] + phaseOf(r, k, day) * 2));
    const findings = score < 10
      ? [{ id: `${id.replace(/-./g, (m) => m[1].toUpperCase())}Problem`, outcome: score < 5 ? "fail" : "warn", message: `job build in ci.yml: ${REASONS[k % REASONS.length].slice(0, 50)}`, path: ".github/workflows/ci.yml", line: 10 + k, remediation: REMEDIATION }]
      : [{ id: `${id}Ok`, outcome: "pass", message: "fine" }];
    return { id, score, outcome: score >= 10 ? "pass" : score >= 5 ? "warn" : "fail", reason: REASONS[(r + k) % REASONS.length], findings };
  });
  const total = Math.round((checks.reduce((a, c) => a + c.score, 0) / checks.length) * 10) / 10;
  return {
    repo: { owner: ORG, name: `repo-${r}`, fullName: `${ORG}/repo-${r}`, defaultBranch: "main", commit: (r * 1e6 + Math.floor(day / 3)).toString(16).padStart(40, "0"), private: r % 5 === 0, archived: false, htmlUrl: `https://github.com/${ORG}/repo-${r}`, id: 1_000_000 + r },
    source: "github",
    trigger: "schedule",
    scoredAt: new Date(t).toISOString(),
    score: total,
    excluded: [],
    checks,
  };
}

console.log(`dashboard bench: ${REPOS} repositories × ${DAYS} daily scans × ${checkIds.length} checks (${checkIds.join(", ")})`);
const store = new Store(file);
store.upsertInstallation({ id: 1, account: ORG });
const bases = Array.from({ length: REPOS }, () => checkIds.map(() => Math.floor(rand() * 11)));

let t0 = performance.now();
// A day whose results equal the day before is what Store.saveScan stores as one row sharing the
// previous results (migration 0006); those rows are written directly, in bulk, the others through
// saveScan. One transaction per month of history keeps the WAL bounded.
const shareRow = store.db.prepare(
  `INSERT INTO scan_log (repository_id, commit_sha, trigger, source, at, total, excluded, results_of)
   SELECT s.repository_id, unhex(?), s.trigger, s.source, ?, s.total, s.excluded, COALESCE(s.results_of, s.id)
     FROM scan_log s WHERE s.id = ?`,
);
const lastScan = new Array(REPOS).fill(null);
const phases = (r, day) => checkIds.map((_, k) => phaseOf(r, k, day)).join();
let full = 0;
const BATCH_DAYS = 30;
for (let d0 = DAYS - 1; d0 >= 0; d0 -= BATCH_DAYS) {
  store.db.transaction(() => {
    for (let d = d0; d > d0 - BATCH_DAYS && d >= 0; d--) {
      const t = now.getTime() - d * DAY - 3_600_000;
      const day = Math.floor(t / DAY);
      for (let r = 0; r < REPOS; r++) {
        const prev = lastScan[r];
        if (prev && prev.phases === phases(r, day)) {
          const commit = (r * 1e6 + Math.floor(day / 3)).toString(16).padStart(40, "0");
          lastScan[r] = { id: Number(shareRow.run(commit, t, prev.id).lastInsertRowid), phases: prev.phases };
        } else {
          lastScan[r] = { id: store.saveScan(scanFor(r, t, bases[r]), 1), phases: phases(r, day) };
          full++;
        }
      }
    }
  })();
  process.stdout.write(`  generated ${DAYS - Math.max(0, d0 - BATCH_DAYS + 1)} of ${DAYS} days (${((performance.now() - t0) / 1000).toFixed(0)} s)\r`);
}
store.db.pragma("wal_checkpoint(TRUNCATE)");
console.log(`\n  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${full.toLocaleString("en")} scans with results of their own, the rest share the previous day's`);

const load = () => `load average ${loadavg().map((x) => x.toFixed(1)).join(" / ")} (1 / 5 / 15 min)`;

let round = 0;

async function measure(label) {
  round++;
  console.log(`[${label}] ${load()}`);
  store.db.pragma("wal_checkpoint(TRUNCATE)");
  const scans = store.db.prepare("SELECT COUNT(*) FROM scans").pluck().get();
  console.log(`[${label}] store size: ${mb(sizeOf())} for ${scans.toLocaleString("en")} scans (target ≤ 1024 MB)`);
  const history = new History(store);
  const runs = [];
  const cpuRuns = [];
  let pages = 0;
  let chars = 0;
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    const c = process.cpuUsage();
    const data = dashboardData(history, { organization: ORG, owner: ORG, installationId: 1, publicOnly: true }, now);
    const planned = planDashboard(dashboardView(data, CHECKS));
    const bodies = planned.map((p, k) => (k === 0 ? renderDashboardPage(p, planned.slice(1).map((_, j) => `#${j + 2}`)) : renderDashboardPage(p)));
    runs.push(performance.now() - s);
    const used = process.cpuUsage(c);
    cpuRuns.push((used.user + used.system) / 1000);
    pages = bodies.length;
    chars = bodies.reduce((a, b) => a + b.length, 0);
  }
  runs.sort((a, b) => a - b);
  cpuRuns.sort((a, b) => a - b);
  console.log(`[${label}] dashboard read + render: ${runs[0].toFixed(0)} ms best, ${runs[2].toFixed(0)} ms worst of 3 (target ≤ 1000 ms); ${pages} issue bodies, ${chars.toLocaleString("en")} chars; CPU time ${cpuRuns[0].toFixed(0)} ms best, ${cpuRuns[2].toFixed(0)} ms worst`);

  const times = [];
  const cpu = [];
  store.db.pragma("wal_checkpoint(TRUNCATE)");
  // each round's inserts come after the last round's and differ from them (else they would share its results)
  const t = now.getTime() + (round - 1) * 3_600_000;
  for (let i = 0; i < 1000; i++) {
    // a moved base makes the results differ from the stored ones: the full write path
    const r = (i * 13) % REPOS;
    const scan = scanFor(r, t + i * 1000, bases[r].map((b) => (b + 1 + ((i + round) % 3)) % 11));
    const s = performance.now();
    const c = process.cpuUsage();
    store.saveScan(scan, 1);
    times.push(performance.now() - s);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    // The store checkpoints the WAL on a timer, between inserts; the loop yields so the timer can
    // run, and checkpoints as often as a busy app would see its timer fire (untimed, like there).
    await new Promise((resolve) => setImmediate(resolve));
    if (i % 100 === 99) store.checkpoint();
  }
  const pct = (xs) => {
    xs.sort((a, b) => a - b);
    return (q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))].toFixed(2);
  };
  const p = pct(times);
  const pc = pct(cpu);
  console.log(`[${label}] insert one changed scan (${checkIds.length} checks, with findings, its own transaction): p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms (target ≤ 5 ms); CPU time p50 ${pc(0.5)} ms, p99 ${pc(0.99)} ms`);
  // A PR reuses its base's stored scan, found by commit among the repository's scans.
  const lookups = [];
  let found = 0;
  for (let i = 0; i < 1000; i++) {
    const r = (i * 7 + 3) % REPOS;
    const day = Math.floor((now.getTime() - ((i * 11) % DAYS) * DAY - 3_600_000) / DAY);
    const s = performance.now();
    const hit = store.scanForCommit(`${ORG}/repo-${r}`, (r * 1e6 + Math.floor(day / 3)).toString(16).padStart(40, "0"));
    lookups.push(performance.now() - s);
    if (hit) found++;
  }
  const l = pct(lookups);
  console.log(`[${label}] find a repository's scan by commit (a PR's base): p50 ${l(0.5)} ms, p99 ${l(0.99)} ms (${found} of 1000 found)`);
}

await measure("a year of daily scans");
if (RETENTION !== null) {
  t0 = performance.now();
  const removed = new History(store).prune({ dailyDays: RETENTION }, now);
  store.db.exec("VACUUM");
  console.log(`retention (daily ${RETENTION} days, then weekly): removed ${removed.toLocaleString("en")} scans in ${((performance.now() - t0) / 1000).toFixed(1)} s (with VACUUM)`);
  await measure(`after retention ${RETENTION}d`);
}
store.close();
if (process.env.BENCH_KEEP) console.log(`kept ${file}`); else rmSync(dir, { recursive: true, force: true });
