import type { CheckId, CheckResult, Risk } from "../checks/types.js";
import { RISK_WEIGHT } from "./weights.js";

export interface Total {
  /** weighted mean over checks with a score, one decimal; null when no check has a score */
  score: number | null;
  /** checks left out of the total because their facts were unavailable or they errored */
  excluded: CheckId[];
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Weighted mean of the scored checks. `weights` overrides a check's risk weight. */
export function totalScore(
  results: readonly CheckResult[],
  riskOf: (id: CheckId) => Risk,
  weights: Partial<Record<CheckId, number>> = {},
): Total {
  let sum = 0;
  let weight = 0;
  const excluded: CheckId[] = [];
  for (const r of results) {
    if (r.score === null) {
      excluded.push(r.id);
      continue;
    }
    const w = weights[r.id] ?? RISK_WEIGHT[riskOf(r.id)];
    if (w <= 0) continue;
    sum += r.score * w;
    weight += w;
  }
  return { score: weight === 0 ? null : round1(sum / weight), excluded };
}

export interface CheckDelta {
  id: CheckId;
  before: number | null;
  after: number | null;
  /** after − before, one decimal; null when either side has no score */
  delta: number | null;
}

/** Per-check and total change between two evaluations of the same repository. */
export function scoreDelta(
  before: { score: number | null; checks: readonly CheckResult[] },
  after: { score: number | null; checks: readonly CheckResult[] },
): { total: number | null; checks: CheckDelta[] } {
  const ids = new Set<CheckId>([...before.checks.map((c) => c.id), ...after.checks.map((c) => c.id)]);
  const checks = [...ids].map((id) => {
    const b = before.checks.find((c) => c.id === id)?.score ?? null;
    const a = after.checks.find((c) => c.id === id)?.score ?? null;
    return { id, before: b, after: a, delta: a === null || b === null ? null : round1(a - b) };
  });
  const total = before.score === null || after.score === null ? null : round1(after.score - before.score);
  return { total, checks };
}
