import type { CheckDefinition, CheckId, Risk } from "../../src/checks/types.js";
import type { DashboardData, DashboardRepo } from "../../src/render/dashboard-view.js";
import type { TrackedFinding, TrendPoint } from "../../src/store/history.js";

/** Check definitions fixed for snapshots (the registry grows while others work). */
export const DEFS: CheckDefinition[] = (
  [
    ["branch-protection", "Branch protection", "high"],
    ["harden-runner", "Harden-Runner", "medium"],
    ["security-policy", "Security policy", "medium"],
  ] as [CheckId, string, Risk][]
).map(([id, title, risk]) => ({
  id,
  title,
  risk,
  needs: [],
  rubric: [],
  permissions: [],
  evaluate: () => {
    throw new Error("not in these tests");
  },
}));

let nextId = 1;

export function repo(
  fullName: string,
  scores: Partial<Record<CheckId, number | null>>,
  extra: Partial<DashboardRepo> & { problems?: Partial<TrackedFinding>[] } = {},
): DashboardRepo {
  const [owner, name] = fullName.split("/") as [string, string];
  const checks = Object.entries(scores).map(([id, score]) => ({
    id,
    score: score ?? null,
    outcome: score === null || score === undefined ? ("unknown" as const) : score >= 10 ? ("pass" as const) : score >= 5 ? ("warn" as const) : ("fail" as const),
    reason: score === null ? "needs the Administration: read permission" : "scored",
  }));
  const weights: Record<string, number> = { "branch-protection": 7.5, "harden-runner": 5, "security-policy": 5 };
  const scored = checks.filter((c) => c.score !== null);
  const w = scored.reduce((a, c) => a + weights[c.id]!, 0);
  const total = w === 0 ? null : Math.round((scored.reduce((a, c) => a + c.score! * weights[c.id]!, 0) / w) * 10) / 10;
  const { problems, ...rest } = extra;
  return {
    id: nextId++,
    fullName,
    owner,
    name,
    private: false,
    archived: false,
    htmlUrl: `https://github.com/${fullName}`,
    scanId: nextId,
    commit: "abc",
    scoredAt: "2026-03-18T09:30:00.000Z",
    trigger: "schedule",
    score: total,
    checks,
    findings: (problems ?? []).map((p, i) => ({
      checkId: "harden-runner",
      id: "hardenRunnerFirstStep",
      outcome: "fail",
      message: "The first step of job build is not step-security/harden-runner",
      path: ".github/workflows/ci.yml",
      line: 12,
      remediation: "Add step-security/harden-runner as the first step of every job.",
      key: `k${i}`,
      firstSeenAt: "2026-01-01T00:00:00.000Z",
      ...p,
    })),
    change: { 7: null, 30: null, 90: null },
    ...rest,
    description: rest.description ?? null,
  };
}

export function trend(totals: (number | null)[], checks: Partial<Record<CheckId, (number | null)[]>> = {}): TrendPoint[] {
  return totals.map((total, i) => {
    const start = new Date(Date.UTC(2026, 0, 5) + i * 7 * 86_400_000);
    return {
      at: new Date(start.getTime() + 7 * 86_400_000 - 1).toISOString(),
      weekOf: start.toISOString().slice(0, 10),
      total,
      checks: Object.fromEntries(Object.entries(checks).map(([id, xs]) => [id, xs[i] ?? null])),
      repositories: total === null ? 0 : 3,
    };
  });
}

export function world(repos: DashboardRepo[], extra: Partial<DashboardData> = {}): DashboardData {
  return {
    organization: "acme",
    now: "2026-03-18T10:00:00.000Z",
    publicOnly: false,
    privateLeftOut: 0,
    repos,
    trend: [],
    findingChanges: { opened: 0, fixed: 0 },
    ...extra,
  };
}
