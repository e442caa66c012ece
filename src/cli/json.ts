import type { Scan } from "../scoring/scan.js";

/** The documented JSON contract of `scorecard-bot score --format json` (see README). */
export function scanJson(scan: Scan) {
  return {
    repository: scan.repo.fullName,
    commit: scan.repo.commit,
    scoredAt: scan.scoredAt,
    score: scan.score,
    excluded: scan.excluded,
    checks: scan.checks.map((c) => ({
      id: c.id,
      score: c.score,
      outcome: c.outcome,
      reason: c.reason,
      findings: c.findings.map((f) => ({
        id: f.id,
        outcome: f.outcome,
        message: f.message,
        ...(f.path !== undefined ? { path: f.path } : {}),
        ...(f.line !== undefined ? { line: f.line } : {}),
        ...(f.column !== undefined ? { column: f.column } : {}),
        ...(f.remediation !== undefined ? { remediation: f.remediation } : {}),
        ...(f.fingerprint !== undefined ? { fingerprint: f.fingerprint } : {}),
      })),
    })),
  };
}
