import { describeUnavailable, type Fact } from "../../facts/fact.js";
import type { TextFile } from "../../facts/types.js";
import { parseWorkflowFile } from "../../workflows/parse.js";
import type { Workflow, WorkflowJob, WorkflowStep } from "../../workflows/types.js";
import { eventsAllowedBy, neverTrue, possibleValues, type ExprScope } from "../../workflows/expressions.js";
import { inputsFromCaller } from "../../workflows/inputs.js";
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
    const events = startingEvents(parsed.workflow);
    // A workflow only callable by others is judged through its callers' triggers.
    if (events.size === 0) continue;
    // Its inputs, when started by hand, are whatever the person types: unknown.
    walk(parsed.workflow, events, [], reusable, out, 0, {});
  }
  out.scans = strongestPerStep(out.scans);
  return out;
}

/** The events that start a workflow by itself (a call from another workflow is not one). */
function startingEvents(w: Workflow): Set<string> {
  return new Set(Object.keys(w.on).filter((e) => e !== "workflow_call"));
}

export function triggerClass(events: ReadonlySet<string>): TriggerClass | null {
  if ([...events].some((e) => PR_EVENTS.includes(e))) return "pr";
  if (events.has("schedule")) return "schedule";
  return events.size === 0 ? null : "manual";
}

const RANK: Record<TriggerClass, number> = { pr: 3, schedule: 2, manual: 1 };

/** A reusable workflow reached by several callers is one scan, as strong as its best-started caller. */
function strongestPerStep(scans: ScanJob[]): ScanJob[] {
  const best = new Map<string, ScanJob>();
  for (const s of scans) {
    const key = `${s.path}\u0000${s.jobId}\u0000${s.line}`;
    const seen = best.get(key);
    if (!seen || RANK[s.trigger] > RANK[seen.trigger]) best.set(key, s);
  }
  return [...best.values()];
}

function walk(
  w: Workflow,
  events: ReadonlySet<string>,
  via: string[],
  reusable: Fact<Record<string, Fact<TextFile>>>,
  out: WorkflowScan,
  depth: number,
  inputs: Record<string, unknown[] | null>,
): boolean {
  let runsCodeql = false;
  for (const job of w.jobs) {
    const scope: ExprScope = { matrix: job.matrix, inputs };
    // `if: github.event_name == 'schedule'` keeps a job out of pull requests; an input known to be off, out of every run.
    const jobEvents = eventsAllowedBy(job.if, events);
    if (jobEvents.size === 0 || neverTrue(job.if, scope)) continue;
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
      const given = inputsFromCaller(called.workflow, job, scope);
      if (walk(called.workflow, jobEvents, [...via, job.uses.raw], reusable, out, depth + 1, given)) {
        out.reusableWithCodeql.push({ path: w.path, jobId: job.id, line, uses: job.uses.raw });
        runsCodeql = true;
      }
      continue;
    }
    if (judgeJob(w.path, job, jobEvents, via, out, scope)) runsCodeql = true;
  }
  return runsCodeql;
}

/** Record what the job does with CodeQL; true when it runs `analyze`. */
function judgeJob(path: string, job: WorkflowJob, events: ReadonlySet<string>, via: string[], out: WorkflowScan, scope: ExprScope): boolean {
  // A step whose `if:` needs an input this caller leaves off, or other events, never runs here.
  const runs = (name: string) => job.steps.find((s) => isAction(s.uses, CODEQL_ACTION, name) && !neverTrue(s.if, scope) && eventsAllowedBy(s.if, events).size > 0);
  const init = runs("init");
  const analyze = runs("analyze");
  const upload = runs("upload-sarif");
  const at = (s: WorkflowStep): StepAt => ({ path, jobId: job.id, line: s.usesLine ?? s.line, via });
  if (analyze) {
    // `if: github.event_name == 'schedule'` on the analyze step narrows the job's events too.
    const trigger = triggerClass(eventsAllowedBy(analyze.if, events))!;
    out.scans.push({ path, jobId: job.id, line: analyze.usesLine ?? analyze.line, trigger, languages: init ? initLanguages(init, scope) : { kind: "auto" }, via });
    return true;
  }
  if (init) out.initWithoutAnalyze.push(at(init));
  else if (upload) out.uploadSarifOnly.push(at(upload));
  return false;
}

/** `with.languages` of init: a list (comma, space or newline separated), matrix values and inputs expanded. */
export function initLanguages(init: WorkflowStep, scope: ExprScope): ScanLanguages {
  const raw = (init.with.languages ?? "").trim();
  if (raw === "") return { kind: "auto" };
  const values = possibleValues(raw, scope);
  if (values === null || values.some((v) => typeof v === "object" && v !== null)) return { kind: "opaque", expression: raw };
  const found = new Set<CodeqlLanguage>();
  for (const v of values) {
    for (const part of String(v ?? "").split(/[\s,]+/)) {
      const lang = part === "" ? null : normalizeCodeqlLanguage(part);
      if (lang) found.add(lang);
    }
  }
  return { kind: "listed", languages: [...found] };
}
