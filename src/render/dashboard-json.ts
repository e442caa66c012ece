import type { CheckDefinition } from "../checks/types.js";
import { gradeOf, GRADES } from "./dashboard-format.js";
import { worstFirst, type DashboardData } from "./dashboard-view.js";
import type { TrackedFinding } from "../store/history.js";

/** A tracked problem as the JSON exports show it (the dashboard's and `export --format json`). */
export function problemJson(f: TrackedFinding) {
  return { id: f.id, outcome: f.outcome, message: f.message, path: f.path, line: f.line, remediation: f.remediation, key: f.key, firstSeen: f.firstSeenAt };
}

const r1 = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n * 10) / 10);

/** The dashboard as data: the schema documented in the README ("Dashboard, badges and exports"). */
export function dashboardJson(data: DashboardData, defs: readonly CheckDefinition[]) {
  const repos = worstFirst(data.publicOnly ? data.repos.filter((r) => !r.private) : data.repos);
  const hidden = data.repos.length - repos.length;
  const totals = repos.map((r) => r.score).filter((s): s is number => s !== null);
  const grades: Record<string, number> = Object.fromEntries(GRADES.map((g) => [g.grade, 0]));
  for (const s of totals) grades[gradeOf(s)!]! += 1;
  return {
    schema: "scorecard-bot/dashboard@1",
    organization: data.organization,
    generatedAt: data.now,
    publicOnly: data.publicOnly,
    privateLeftOut: data.privateLeftOut + hidden,
    total: r1(totals.length ? totals.reduce((a, b) => a + b, 0) / totals.length : null),
    grades: { ...grades, unknown: repos.length - totals.length },
    findingsThisWeek: data.findingChanges,
    checks: defs.map((d) => ({ id: d.id, title: d.title, risk: d.risk })),
    repositories: repos.map((r) => ({
      repository: r.fullName,
      url: r.htmlUrl,
      description: r.description,
      private: r.private,
      score: r.score,
      grade: gradeOf(r.score),
      change: { "7d": r.change[7] ?? null, "30d": r.change[30] ?? null, "90d": r.change[90] ?? null },
      lastScanned: r.scoredAt,
      commit: r.commit,
      trigger: r.trigger,
      checks: r.checks.map((c) => ({ id: c.id, score: c.score, outcome: c.outcome, reason: c.reason })),
      problems: r.findings.map((f) => ({ check: f.checkId, ...problemJson(f) })),
    })),
    trend: data.trend.map((p) => ({
      weekOf: p.weekOf,
      at: p.at,
      total: r1(p.total),
      repositories: p.repositories,
      checks: Object.fromEntries(Object.entries(p.checks).map(([k, v]) => [k, r1(v)])),
    })),
  };
}
