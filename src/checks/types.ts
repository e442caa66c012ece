import type { FactKey, RepoFacts } from "../facts/types.js";

/** Stable check ids: used in JSON, config, the database and templates. */
export const CHECK_IDS = [
  "branch-protection",
  "codeql",
  "dependabot",
  "harden-runner",
  "security-policy",
  "secrets",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export type Outcome = "pass" | "warn" | "fail" | "unknown" | "error";

/** Scorecard's risk levels; the weight of each is in scoring/weights.ts. */
export type Risk = "critical" | "high" | "medium" | "low";

export interface Finding {
  /** short camelCase question in the scorecard style, e.g. `securityPolicyHasContact` */
  id: string;
  outcome: Outcome;
  message: string;
  path?: string;
  line?: number;
  column?: number;
  remediation?: string;
  /** stable identity across scans (for secrets: keyed hash, never the value) */
  fingerprint?: string;
}

export interface CheckResult {
  id: CheckId;
  /** 0–10, or null when the facts did not allow a verdict */
  score: number | null;
  outcome: Outcome;
  /** one sentence: why this score */
  reason: string;
  findings: Finding[];
}

export interface RubricLine {
  points: number | string;
  text: string;
}

export interface CheckDefinition {
  id: CheckId;
  title: string;
  risk: Risk;
  /** the fact slices this check reads; the runner collects only these */
  needs: readonly FactKey[];
  /** shown to users (check-run summary, markdown output, README) */
  rubric: readonly RubricLine[];
  /** GitHub App permissions the check's facts need, for docs and messages */
  permissions: readonly string[];
  /**
   * Which changed paths can move this check's result, for a push to the default branch: a push
   * that changes none of them keeps the last result (settings reach the app as their own webhooks,
   * which re-score in full). Absent: every push re-evaluates the check.
   */
  affectedBy?: (path: string) => boolean;
  /** pure: no I/O, no clock, no randomness */
  evaluate(facts: RepoFacts): CheckResult;
}
