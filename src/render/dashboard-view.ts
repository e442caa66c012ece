import type { CheckDefinition } from "../checks/types.js";
import type { LatestScan } from "../store/store.js";
import { cell, OUTCOME_SYMBOL, shortScore } from "./format.js";

export interface DashboardView {
  title: string;
  generatedAt: string;
  organizationScore: string;
  repositoryCount: number;
  columns: string[];
  rows: { repository: string; score: string; cells: string[]; scoredAt: string }[];
}

/** Worst first; unknown totals last. Pure: `now` is passed in. */
export function dashboardView(scans: readonly LatestScan[], defs: readonly CheckDefinition[], now: Date, title = "Security scorecard dashboard"): DashboardView {
  const sorted = [...scans].sort((a, b) => (a.score ?? 11) - (b.score ?? 11) || a.fullName.localeCompare(b.fullName));
  const scored = scans.filter((s) => s.score !== null);
  const org = scored.length ? scored.reduce((n, s) => n + (s.score ?? 0), 0) / scored.length : null;
  return {
    title,
    generatedAt: now.toISOString(),
    organizationScore: org === null ? "unknown" : `${org.toFixed(1)} / 10`,
    repositoryCount: scans.length,
    columns: defs.map((d) => d.title),
    rows: sorted.map((s) => ({
      repository: s.htmlUrl ? `[${cell(s.fullName)}](${s.htmlUrl})` : cell(s.fullName),
      score: shortScore(s.score),
      cells: defs.map((d) => {
        const c = s.checks.find((x) => x.id === d.id);
        if (!c) return "–";
        return c.score === null ? `${OUTCOME_SYMBOL[c.outcome]} ${c.outcome}` : `${OUTCOME_SYMBOL[c.outcome]} ${shortScore(c.score)}`;
      }),
      scoredAt: s.scoredAt.slice(0, 10),
    })),
  };
}
