import type { CheckDefinition, CheckId, CheckResult } from "../checks/types.js";
import type { Scan } from "../scoring/scan.js";
import { cell, inline, OUTCOME_SYMBOL, remediationParts, scoreText } from "./format.js";

export interface FindingView {
  symbol: string;
  message: string;
  location: string | null;
  remediation: string | null;
  /** multi-line remediation, indented to sit under the list item */
  remediationBlock: string | null;
}

export interface CheckView {
  id: CheckId;
  title: string;
  symbol: string;
  outcome: string;
  score: string;
  reason: string;
  findings: FindingView[];
  rubric: { points: string; text: string }[];
}

export interface ScanView {
  repository: string;
  commit: string | null;
  scoredAt: string;
  score: string;
  excluded: string | null;
  checks: CheckView[];
}

export function findingView(f: CheckResult["findings"][number]): FindingView {
  const location = f.path ? (f.line ? `${f.path}:${f.line}` : f.path) : null;
  return {
    symbol: OUTCOME_SYMBOL[f.outcome],
    message: inline(f.message),
    location: location === null ? null : cell(location),
    remediation: remediationParts(f.remediation).inline,
    remediationBlock: remediationParts(f.remediation).block,
  };
}

export function checkView(result: CheckResult, def: CheckDefinition | undefined): CheckView {
  return {
    id: result.id,
    title: def?.title ?? result.id,
    symbol: OUTCOME_SYMBOL[result.outcome],
    outcome: result.outcome,
    score: scoreText(result.score),
    reason: cell(result.reason),
    findings: result.findings.map(findingView),
    rubric: (def?.rubric ?? []).map((r) => ({ points: String(r.points), text: inline(r.text) })),
  };
}

export function excludedText(ids: readonly CheckId[], defs: readonly CheckDefinition[]): string | null {
  if (ids.length === 0) return null;
  const names = ids.map((id) => defs.find((d) => d.id === id)?.title ?? id);
  return `${names.join(", ")} left out of the total: the facts were unavailable.`;
}

export function scanView(scan: Scan, defs: readonly CheckDefinition[]): ScanView {
  return {
    repository: scan.repo.fullName,
    commit: scan.repo.commit,
    scoredAt: scan.scoredAt,
    score: scoreText(scan.score),
    excluded: excludedText(scan.excluded, defs),
    checks: scan.checks.map((c) => checkView(c, defs.find((d) => d.id === c.id))),
  };
}
