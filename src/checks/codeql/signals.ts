import { describeUnavailable } from "../../facts/fact.js";
import type { RepoFacts } from "../../facts/types.js";
import { normalizeCodeqlLanguage, type CodeqlLanguage } from "./languages.js";
import { POINTS, REMEDIATION } from "./rubric.js";
import { raiseSetup, type Tally } from "./tally.js";
import { scanWorkflows, type ScanJob, type TriggerClass } from "./workflow-scan.js";

/** Default setup: configured is the strongest signal; unreadable leaves us blind. */
export function judgeDefaultSetup(facts: RepoFacts, t: Tally): void {
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

/** Workflow jobs running analyze (directly or through reusable workflows), and the broken look-alikes. */
export function judgeWorkflows(facts: RepoFacts, t: Tally): void {
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
