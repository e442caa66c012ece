import { describeUnavailable } from "../../facts/fact.js";
import type { CodeqlAnalysis, RepoFacts } from "../../facts/types.js";
import type { CheckDefinition, CheckResult, Finding, Outcome } from "../types.js";
import { codeqlLanguagesOf, normalizeCodeqlLanguage, type CodeqlLanguage } from "./languages.js";
import { MAX, POINTS, RECENT_DAYS, REMEDIATION, RUBRIC } from "./rubric.js";
import { scanWorkflows, type ScanJob, type TriggerClass } from "./workflow-scan.js";

const ID = "codeql" as const;
const DAY_MS = 86_400_000;

/** What the signals say, gathered before grading. */
interface Tally {
  findings: Finding[];
  setup: number;
  setupWhy: string[];
  /** languages some working scan analyses; `all` when CodeQL picks them itself */
  covered: Set<CodeqlLanguage>;
  coversAll: boolean;
  opaque: string[];
  /** signals that could not be read, which could have shown CodeQL */
  blind: string[];
  /** signals that could not be read at all, for the reason */
  unavailable: string[];
  /** upload-sarif without CodeQL: said only when nothing else shows CodeQL (else it is another tool's upload) */
  uploadSarifOnly: Finding[];
  /** index of the "default setup not configured" finding, if any */
  defaultSetupOff?: number;
}

export function evaluateCodeql(facts: RepoFacts): CheckResult {
  const t: Tally = { findings: [], uploadSarifOnly: [], setup: 0, setupWhy: [], covered: new Set(), coversAll: false, opaque: [], blind: [], unavailable: [] };
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

/** With nothing set up, a repository without any language CodeQL reads is not applicable, not a 0. */
function noCodeqlLanguage(facts: RepoFacts): string | null {
  const lf = facts.languages;
  if (!lf.ok || codeqlLanguagesOf(lf.value).size > 0) return null;
  if (facts.workflows.ok && facts.workflows.value.length > 0) return null;
  const names = Object.keys(lf.value);
  return `no language CodeQL can analyse is in the repository${names.length ? ` (${names.slice(0, 5).join(", ")})` : ""}: not applicable, left out of the total`;
}

function judgeDefaultSetup(facts: RepoFacts, t: Tally): void {
  const ds = facts.codeScanningDefaultSetup;
  if (!ds.ok) {
    t.blind.push(`code scanning default setup: ${describeUnavailable(ds)}`);
    t.unavailable.push("default setup");
    t.findings.push({ id: "codeqlDefaultSetup", outcome: "unknown", message: `Code scanning default setup: ${describeUnavailable(ds)}.` });
    return;
  }
  if (ds.value.state !== "configured") {
    // Judged after the workflows: with an advanced setup in a workflow this is no problem.
    t.findings.push({ id: "codeqlDefaultSetup", outcome: "warn", message: "Code scanning default setup is not configured." });
    t.defaultSetupOff = t.findings.length - 1;
    return;
  }
  const langs = ds.value.languages.map(normalizeCodeqlLanguage).filter((l): l is CodeqlLanguage => l !== null);
  langs.forEach((l) => t.covered.add(l));
  raiseSetup(t, POINTS.setup.pr, "code scanning default setup is configured");
  t.findings.push({ id: "codeqlDefaultSetup", outcome: "pass", message: `Code scanning default setup is configured${langs.length ? ` for ${langs.join(", ")}` : ""}.` });
}

const TRIGGER_POINTS: Record<TriggerClass, number> = { pr: POINTS.setup.pr, schedule: POINTS.setup.schedule, manual: POINTS.setup.manual };
const TRIGGER_TEXT: Record<TriggerClass, string> = { pr: "on push or pull requests", schedule: "only on a schedule", manual: "only when started by hand" };

function judgeWorkflows(facts: RepoFacts, t: Tally): void {
  const wf = facts.workflows;
  if (!wf.ok) {
    t.blind.push(`the workflows could not be read (${describeUnavailable(wf)})`);
    t.unavailable.push("workflows");
    return;
  }
  const scan = scanWorkflows(wf.value, facts.reusableWorkflows);
  for (const s of scan.scans) {
    raiseSetup(t, TRIGGER_POINTS[s.trigger], `${where(s)} runs CodeQL analyze ${TRIGGER_TEXT[s.trigger]}`);
    if (s.languages.kind === "auto") t.coversAll = true;
    else if (s.languages.kind === "listed") s.languages.languages.forEach((l) => t.covered.add(l));
    else t.opaque.push(s.languages.expression);
    const langs = s.languages.kind === "listed" ? ` for ${s.languages.languages.join(", ") || "no known language"}` : s.languages.kind === "auto" ? " (languages detected by CodeQL)" : ` for languages from ${s.languages.expression}`;
    t.findings.push({
      id: "codeqlWorkflowScans",
      outcome: s.trigger === "pr" ? "pass" : "warn",
      message: `${where(s)} runs CodeQL analyze ${TRIGGER_TEXT[s.trigger]}${langs}.`,
      path: s.path,
      line: s.line,
      ...(s.trigger === "pr" ? {} : { remediation: REMEDIATION.onPullRequests }),
    });
  }
  for (const r of scan.reusableWithCodeql) {
    t.findings.push({ id: "codeqlReusableWorkflow", outcome: "pass", message: `Job \`${r.jobId}\` in ${r.path} calls the reusable workflow ${r.uses}, which runs CodeQL analyze.`, path: r.path, line: r.line });
  }
  for (const u of scan.unresolved) {
    t.blind.push(`the reusable workflow ${u.uses} could not be read`);
    t.findings.push({ id: "codeqlReusableWorkflow", outcome: "unknown", message: `Job \`${u.jobId}\` in ${u.path} calls ${u.uses}; could not look inside: ${u.reason}.`, path: u.path, line: u.line, remediation: REMEDIATION.unresolved });
  }
  for (const s of scan.initWithoutAnalyze) {
    t.findings.push({ id: "codeqlInitHasAnalyze", outcome: "fail", message: `Job \`${s.jobId}\` in ${s.path} runs codeql-action/init but never analyze: no scan happens.`, path: s.path, line: s.line, remediation: REMEDIATION.initWithoutAnalyze });
  }
  for (const s of scan.uploadSarifOnly) {
    t.uploadSarifOnly.push({ id: "codeqlNotUploadSarifOnly", outcome: "fail", message: `Job \`${s.jobId}\` in ${s.path} uploads SARIF with codeql-action/upload-sarif but does not run CodeQL: no credit.`, path: s.path, line: s.line, remediation: REMEDIATION.uploadSarifOnly });
  }
  for (const e of scan.parseErrors) {
    t.findings.push({ id: "workflowParses", outcome: "warn", message: `${e.path} could not be parsed (${e.message}); it was not searched for CodeQL.`, path: e.path, ...(e.line !== null ? { line: e.line } : {}) });
  }
}

function where(s: ScanJob): string {
  const job = `job \`${s.jobId}\` in ${s.path}`;
  return s.via.length ? `${job} (reached through ${s.via.join(" → ")})` : job;
}

function raiseSetup(t: Tally, points: number, why: string): void {
  if (points > t.setup) {
    t.setup = points;
    t.setupWhy = [why];
  }
}

function judgeAnalyses(facts: RepoFacts, t: Tally): { earned: number; max: number; summary: string } {
  const an = facts.codeqlAnalyses;
  if (!an.ok) {
    t.unavailable.push("CodeQL analyses");
    t.findings.push({ id: "codeqlAnalysesRecent", outcome: "unknown", message: `CodeQL analyses: ${describeUnavailable(an)}.` });
    return { earned: 0, max: 0, summary: "" };
  }
  if (an.value.length === 0) {
    t.findings.push({ id: "codeqlAnalysesRecent", outcome: "fail", message: "GitHub holds no CodeQL analysis for this repository.", remediation: REMEDIATION.setup });
    return { earned: 0, max: MAX.analyses, summary: "no CodeQL analyses on GitHub" };
  }
  for (const a of an.value) {
    const l = a.language ? normalizeCodeqlLanguage(a.language) : null;
    if (l) t.covered.add(l);
  }
  if (t.setup === 0) raiseSetup(t, POINTS.setup.analysesOnly, "CodeQL analyses exist, but no configuration was found in the repository");
  const newest = an.value.reduce((a: CodeqlAnalysis, b) => (Date.parse(b.createdAt) > Date.parse(a.createdAt) ? b : a));
  const pushed = facts.repo.pushedAt ? Date.parse(facts.repo.pushedAt) : NaN;
  if (Number.isNaN(pushed)) {
    t.findings.push({ id: "codeqlAnalysesRecent", outcome: "warn", message: `The newest CodeQL analysis is from ${newest.createdAt}; the last push time is unknown, so its recency was not judged.` });
    return { earned: POINTS.analyses.undated, max: MAX.analyses, summary: `newest analysis ${newest.createdAt}` };
  }
  const days = Math.max(0, (pushed - Date.parse(newest.createdAt)) / DAY_MS);
  if (days <= RECENT_DAYS) {
    t.findings.push({ id: "codeqlAnalysesRecent", outcome: "pass", message: `The newest CodeQL analysis (${newest.createdAt}) is within ${RECENT_DAYS} days of the last push.` });
    return { earned: POINTS.analyses.recent, max: MAX.analyses, summary: "analyses are recent" };
  }
  t.findings.push({ id: "codeqlAnalysesRecent", outcome: "fail", message: `The newest CodeQL analysis (${newest.createdAt}) is ${Math.floor(days)} days older than the last push (${facts.repo.pushedAt}).`, remediation: REMEDIATION.stale });
  return { earned: POINTS.analyses.stale, max: MAX.analyses, summary: `the newest analysis is ${Math.floor(days)} days older than the last push` };
}

function judgeLanguages(facts: RepoFacts, t: Tally): { earned: number; max: number; summary: string } {
  const r = judgeCodeLanguages(facts, t);
  const hasWorkflows = facts.workflows.ok && facts.workflows.value.length > 0;
  // CodeQL's newest language; named so people know, left out of the score so older setups are not marked down.
  if (hasWorkflows && t.setup > 0 && !t.coversAll && t.opaque.length === 0 && !t.covered.has("actions")) {
    t.findings.push({ id: "codeqlActionsAnalysed", outcome: "warn", message: "The repository has GitHub Actions workflows, but CodeQL's `actions` language is not analysed (named, not scored).", remediation: REMEDIATION.language("actions") });
  }
  return r;
}

function judgeCodeLanguages(facts: RepoFacts, t: Tally): { earned: number; max: number; summary: string } {
  const lf = facts.languages;
  if (!lf.ok) {
    t.unavailable.push("languages");
    return { earned: 0, max: 0, summary: "" };
  }
  const present = codeqlLanguagesOf(lf.value);
  if (present.size === 0) return { earned: 0, max: 0, summary: "no language CodeQL analyses was detected" };
  const total = [...present.values()].reduce((a, b) => a + b, 0);
  const isCovered = (l: CodeqlLanguage) => t.setup > 0 && (t.coversAll || t.covered.has(l));
  const missing = [...present.keys()].filter((l) => !isCovered(l));
  if (missing.length > 0 && t.opaque.length > 0 && t.setup > 0) {
    for (const l of missing) {
      t.findings.push({ id: "codeqlLanguageCovered", outcome: "unknown", message: `${l} is in the repository; the analysed languages come from ${t.opaque.join(", ")}, which could not be expanded.` });
    }
    t.unavailable.push("language coverage (languages set by an expression)");
    return { earned: 0, max: 0, summary: "" };
  }
  let coveredWeight = 0;
  for (const [l, w] of present) {
    if (isCovered(l)) {
      coveredWeight += w;
      t.findings.push({ id: "codeqlLanguageCovered", outcome: "pass", message: `${l} is analysed by CodeQL.` });
    } else {
      t.findings.push({ id: "codeqlLanguageCovered", outcome: "fail", message: `${l} is in the repository (${share(w, total)} of its CodeQL languages) but no CodeQL analysis covers it.`, remediation: REMEDIATION.language(l) });
    }
  }
  const earned = POINTS.languages * (coveredWeight / total);
  const summary = `${present.size - missing.length} of ${present.size} languages analysed${missing.length ? ` (missing: ${missing.join(", ")})` : ""}`;
  return { earned, max: MAX.languages, summary };
}

function share(part: number, total: number): string {
  return `${Math.round((part / total) * 100)}%`;
}

export const codeqlCheck: CheckDefinition = {
  id: ID,
  title: "CodeQL",
  // Scorecard rates its SAST check medium.
  risk: "medium",
  needs: ["workflows", "reusableWorkflows", "codeScanningDefaultSetup", "codeqlAnalyses", "languages"],
  rubric: RUBRIC,
  permissions: ["Contents: read", "Security events: read", "Metadata: read"],
  evaluate: evaluateCodeql,
};
