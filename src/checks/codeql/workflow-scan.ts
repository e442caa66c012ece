import { describeUnavailable, type Fact } from "../../facts/fact.js";
import type { TextFile } from "../../facts/types.js";
import { parseWorkflowFile } from "../../workflows/parse.js";
import type { Workflow, WorkflowJob, WorkflowStep } from "../../workflows/types.js";
import { isAction } from "../../workflows/uses.js";
import { normalizeCodeqlLanguage, type CodeqlLanguage } from "./languages.js";

const CODEQL_ACTION = "github/codeql-action";
/** GitHub lets reusable workflows nest a few levels; deeper chains are not followed. */
const MAX_NESTING = 4;

/** How a workflow is started, strongest first: before merge, on a timer, or only by hand. */
export type TriggerClass = "pr" | "schedule" | "manual";
const PR_EVENTS = ["push", "pull_request", "pull_request_target", "merge_group"];

/** Languages an `init` step analyses: listed, detected by CodeQL itself, or hidden in an expression. */
export type ScanLanguages = { kind: "listed"; languages: CodeqlLanguage[] } | { kind: "auto" } | { kind: "opaque"; expression: string };

export interface ScanJob {
  path: string;
  jobId: string;
  line: number;
  trigger: TriggerClass;
  languages: ScanLanguages;
  /** the chain of `uses:` that led here from a workflow in .github/workflows/, if any */
  via: string[];
}

export interface StepAt {
  path: string;
  jobId: string;
  line: number;
  via: string[];
}

export interface WorkflowScan {
  scans: ScanJob[];
  initWithoutAnalyze: StepAt[];
  uploadSarifOnly: StepAt[];
  /** reusable workflows that run CodeQL, by the calling job */
  reusableWithCodeql: { path: string; jobId: string; line: number; uses: string }[];
  unresolved: { path: string; jobId: string; line: number; uses: string; reason: string }[];
  parseErrors: { path: string; message: string; line: number | null }[];
}

export function scanWorkflows(workflows: readonly TextFile[], reusable: Fact<Record<string, Fact<TextFile>>>): WorkflowScan {
  const out: WorkflowScan = { scans: [], initWithoutAnalyze: [], uploadSarifOnly: [], reusableWithCodeql: [], unresolved: [], parseErrors: [] };
  for (const file of workflows) {
    const parsed = parseWorkflowFile(file);
    if (!parsed.ok) {
      out.parseErrors.push(parsed.error);
      continue;
    }
    const trigger = triggerClass(parsed.workflow);
    // A workflow only callable by others is judged through its callers' triggers.
    if (trigger === null) continue;
    walk(parsed.workflow, trigger, [], reusable, out, 0);
  }
  return out;
}

export function triggerClass(w: Workflow): TriggerClass | null {
  const events = Object.keys(w.on);
  if (events.some((e) => PR_EVENTS.includes(e))) return "pr";
  if (events.includes("schedule")) return "schedule";
  if (events.length === 0 || events.every((e) => e === "workflow_call")) return null;
  return "manual";
}

function walk(w: Workflow, trigger: TriggerClass, via: string[], reusable: Fact<Record<string, Fact<TextFile>>>, out: WorkflowScan, depth: number): boolean {
  let runsCodeql = false;
  for (const job of w.jobs) {
    if (job.uses) {
      const line = job.usesLine ?? job.line;
      const target = reusable.ok ? reusable.value[job.uses.raw] : reusable;
      if (!target || !target.ok || depth >= MAX_NESTING) {
        const reason = !target ? "it was not collected" : !target.ok ? describeUnavailable(target) : "it is nested too deeply to follow";
        out.unresolved.push({ path: w.path, jobId: job.id, line, uses: job.uses.raw, reason });
        continue;
      }
      const called = parseWorkflowFile(target.value);
      if (!called.ok) {
        out.parseErrors.push(called.error);
        continue;
      }
      if (walk(called.workflow, trigger, [...via, job.uses.raw], reusable, out, depth + 1)) {
        out.reusableWithCodeql.push({ path: w.path, jobId: job.id, line, uses: job.uses.raw });
        runsCodeql = true;
      }
      continue;
    }
    if (judgeJob(w.path, job, trigger, via, out)) runsCodeql = true;
  }
  return runsCodeql;
}

/** Record what the job does with CodeQL; true when it runs `analyze`. */
function judgeJob(path: string, job: WorkflowJob, trigger: TriggerClass, via: string[], out: WorkflowScan): boolean {
  const init = job.steps.find((s) => isAction(s.uses, CODEQL_ACTION, "init"));
  const analyze = job.steps.find((s) => isAction(s.uses, CODEQL_ACTION, "analyze"));
  const upload = job.steps.find((s) => isAction(s.uses, CODEQL_ACTION, "upload-sarif"));
  const at = (s: WorkflowStep): StepAt => ({ path, jobId: job.id, line: s.usesLine ?? s.line, via });
  if (analyze) {
    out.scans.push({ path, jobId: job.id, line: analyze.usesLine ?? analyze.line, trigger, languages: init ? initLanguages(init, job) : { kind: "auto" }, via });
    return true;
  }
  if (init) out.initWithoutAnalyze.push(at(init));
  else if (upload) out.uploadSarifOnly.push(at(upload));
  return false;
}

/** `with.languages` of init: a list (comma, space or newline separated), `${{ matrix.x }}` expanded. */
export function initLanguages(init: WorkflowStep, job: WorkflowJob): ScanLanguages {
  const raw = (init.with.languages ?? "").trim();
  if (raw === "") return { kind: "auto" };
  const found = new Set<CodeqlLanguage>();
  const rest = raw.replace(/\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}/g, (_m, key: string) => {
    const values = job.matrix?.kind === "values" ? job.matrix.values[key] : undefined;
    if (!values) return "\u0000";
    return values.filter((v) => typeof v === "string").join(",");
  });
  if (rest.includes("\u0000") || rest.includes("${{")) return { kind: "opaque", expression: raw };
  for (const part of rest.split(/[\s,]+/)) {
    const lang = part === "" ? null : normalizeCodeqlLanguage(part);
    if (lang) found.add(lang);
  }
  return { kind: "listed", languages: [...found] };
}
