import type { CheckDefinition } from "../checks/types.js";
import type { Scan } from "../scoring/scan.js";
import { scoreDelta } from "../scoring/total.js";
import { deltaText, shortScore } from "./format.js";
import { introducedFindings, introducedView, type IntroducedFinding } from "./pr-changes.js";
import { scanView, type ScanView } from "./scan-view.js";

export interface PullRequestView {
  head: ScanView;
  base: { score: string; commit: string | null } | null;
  total: { before: string; after: string; delta: string };
  rows: { title: string; symbol: string; before: string; after: string; delta: string; reason: string }[];
  changed: boolean;
  /** findings the PR introduces (not on the base branch), the first ten */
  introduced: IntroducedFinding[];
  introducedCount: number;
  /** the PR adds a secret: the author must rotate it */
  secretAdded: boolean;
  configError: string | null;
}

/** The score on the base branch, with the PR, and the difference, per check and in total. */
export function pullRequestView(
  head: Scan,
  base: { score: number | null; checks: Scan["checks"]; commit: string | null } | null,
  defs: readonly CheckDefinition[],
  configError: string | null = null,
  touched: ReadonlySet<string> = new Set(),
): PullRequestView {
  const hv = scanView(head, defs);
  const introduced = introducedFindings(base?.checks ?? null, head.checks, touched);
  const d = base ? scoreDelta(base, head) : null;
  const rows = hv.checks.map((c) => {
    const cd = d?.checks.find((x) => x.id === c.id);
    return {
      title: c.title,
      symbol: c.symbol,
      before: base ? shortScore(cd?.before ?? null) : "–",
      after: shortScore(head.checks.find((x) => x.id === c.id)?.score ?? null),
      delta: deltaText(cd?.delta ?? null),
      reason: c.reason,
    };
  });
  return {
    head: hv,
    base: base ? { score: shortScore(base.score), commit: base.commit } : null,
    total: { before: base ? shortScore(base.score) : "–", after: shortScore(head.score), delta: deltaText(d?.total ?? null) },
    rows,
    changed: d !== null && (d.total !== 0 || d.checks.some((c) => c.delta !== 0 && c.delta !== null)),
    introduced: introducedView(introduced, defs),
    introducedCount: introduced.length,
    secretAdded: introduced.some((i) => i.checkId === "secrets" && i.finding.outcome === "fail"),
    configError,
  };
}
