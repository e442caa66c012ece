import type { RepoFacts } from "../../facts/types.js";
import type { CheckDefinition, CheckResult, Outcome } from "../types.js";
import { judgeAnalyses } from "./analyses.js";
import { judgeLanguages, noCodeqlLanguage } from "./coverage.js";
import { MAX, RUBRIC } from "./rubric.js";
import { judgeDefaultSetup, judgeWorkflows } from "./signals.js";
import { newTally } from "./tally.js";

const ID = "codeql" as const;

export function evaluateCodeql(facts: RepoFacts): CheckResult {
  const t = newTally();
  judgeDefaultSetup(facts, t);
  judgeWorkflows(facts, t);
  if (t.defaultSetupOff !== undefined && t.setup > 0) {
    t.findings[t.defaultSetupOff] = { id: "codeqlDefaultSetup", outcome: "pass", message: "Code scanning default setup is not configured; a workflow runs CodeQL instead (advanced setup)." };
  }
  const analyses = judgeAnalyses(facts, t);
  if (t.setup === 0) t.findings.push(...t.uploadSarifOnly);
  if (t.setup === 0 && t.blind.length > 0) {
    return {
      id: ID,
      score: null,
      outcome: "unknown",
      reason: `no CodeQL scan found in what could be read, but ${[...new Set(t.blind)].join("; ")}`,
      findings: t.findings,
    };
  }
  const notApplicable = t.setup === 0 ? noCodeqlLanguage(facts) : null;
  if (notApplicable) return { id: ID, score: null, outcome: "unknown", reason: notApplicable, findings: t.findings };
  let earned = t.setup + analyses.earned;
  let max = MAX.setup + analyses.max;
  const langs = judgeLanguages(facts, t);
  earned += langs.earned;
  max += langs.max;
  // Rounded down, so that a gap (a small uncovered language) never shows as a full 10.
  const score = Math.floor((earned / max) * 100 + 1e-9) / 10;
  const outcome: Outcome = score === 0 ? "fail" : score >= 9 ? "pass" : "warn";
  const parts = [t.setup > 0 ? t.setupWhy.join("; ") : "no CodeQL scan is set up", analyses.summary, langs.summary].filter((s) => s !== "");
  if (t.unavailable.length) parts.push(`not judged: ${t.unavailable.join("; ")}`);
  return { id: ID, score, outcome, reason: parts.join("; "), findings: t.findings };
}

export const codeqlCheck: CheckDefinition = {
  id: ID,
  title: "CodeQL",
  // Scorecard rates its SAST check medium.
  risk: "medium",
  needs: ["workflows", "reusableWorkflows", "codeScanningDefaultSetup", "codeqlAnalyses", "languages"],
  rubric: RUBRIC,
  permissions: ["Contents: read", "Security events: read", "Administration: read", "Metadata: read"],
  evaluate: evaluateCodeql,
};
