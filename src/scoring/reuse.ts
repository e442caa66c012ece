import type { CheckDefinition, CheckId, CheckResult } from "../checks/types.js";

/**
 * The results of the last scan that a push cannot have moved: the check says which paths can move
 * it (`affectedBy`), and none of the pushed changes is one of them. A result without a verdict
 * (unknown, error) is never kept, since it may stem from a passing GitHub failure, nor is one
 * of a check with an exemption, whose expiry is judged at each scan.
 */
export function reusableResults(
  last: readonly CheckResult[],
  changedPaths: readonly string[],
  checks: readonly CheckDefinition[],
  exempted: ReadonlySet<CheckId> = new Set(),
): Map<CheckId, CheckResult> {
  const out = new Map<CheckId, CheckResult>();
  for (const check of checks) {
    const affectedBy = check.affectedBy;
    if (!affectedBy || exempted.has(check.id)) continue;
    const prior = last.find((r) => r.id === check.id);
    if (!prior || prior.score === null || prior.outcome === "unknown" || prior.outcome === "error") continue;
    if (changedPaths.some((p) => affectedBy(p))) continue;
    out.set(check.id, prior);
  }
  return out;
}
