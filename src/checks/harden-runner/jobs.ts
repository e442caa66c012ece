import type { WorkflowJob, WorkflowStep } from "../../workflows/types.js";
import { neverTrue, possibleValues, type ExprScope } from "../../workflows/expressions.js";
import { egressPolicy, type EgressPolicy } from "./policy.js";
import { HOSTED, inContainer, NOT_LINUX, runnerOptions } from "./runners.js";
import { isAction, isFullSha } from "../../workflows/uses.js";

export const HARDEN_RUNNER = "step-security/harden-runner";

export type JobVerdict =
  | { kind: "reusable"; job: WorkflowJob }
  | { kind: "container"; job: WorkflowJob; hardenRunner: WorkflowStep | null }
  | { kind: "unsupportedOs"; job: WorkflowJob; labels: string[] }
  /** `labels` set when no label says self-hosted but none is a GitHub-hosted runner's either */
  | { kind: "selfHostedWithoutStep"; job: WorkflowJob; labels: string[] | null }
  | { kind: "unknownRunner"; job: WorkflowJob }
  | { kind: "unknownWrapper"; job: WorkflowJob; step: WorkflowStep; reason: string }
  | { kind: "missing"; job: WorkflowJob }
  | { kind: "notFirst"; job: WorkflowJob; step: WorkflowStep; via: string | null }
  | { kind: "first"; job: WorkflowJob; step: WorkflowStep; policy: EgressPolicy; pinned: boolean; policyText: string | undefined; via: string | null };

/**
 * What a step's action is, for a step that may wrap harden-runner: a composite whose steps run
 * it (with the wrapper's inputs for their expressions), another action, or unreadable.
 */
export type Wrapped =
  | { kind: "wraps"; inner: WorkflowStep; innerFirst: boolean; inputs: Record<string, string | null> }
  | { kind: "other" }
  | { kind: "unreadable"; reason: string };
export type WrapperLookup = (step: WorkflowStep) => Wrapped | null;

/** Where harden-runner runs in the job: the step that starts it, and the step inside a wrapper that is harden-runner. */
interface HardenAt {
  index: number;
  step: WorkflowStep;
  inner: WorkflowStep;
  /** the wrapper's `uses:`, null when the step is harden-runner itself */
  via: string | null;
  first: boolean;
  scope: ExprScope;
}

export function judgeJob(job: WorkflowJob, inputs: ExprScope["inputs"] = {}, wrappers: WrapperLookup = () => null, workflowEnv: Record<string, string> = {}): JobVerdict | null {
  if (job.uses) return { kind: "reusable", job };
  if (job.steps.length === 0) return null;
  const scope: ExprScope = { matrix: job.matrix, inputs };
  const options = runnerOptions(job, scope);
  // The job is judged for its Linux runners: there `runner.os` is Linux (e.g. `runner.os == 'Linux' && 'block' || 'audit'`).
  const stepScope: ExprScope = { ...scope, env: { ...workflowEnv, ...job.env }, ...(options !== null ? { runnerOs: "Linux" } : {}) };
  const { found, unreadableFirst } = findHardenRunner(job, stepScope, wrappers);
  const step = found?.step ?? null;
  const selfHosted = options?.some((set) => set.some((l) => l.trim().toLowerCase() === "self-hosted")) ?? false;
  // The container limitation is the hosted runners' (no sudo on the VM); self-hosted ones are fine.
  if (inContainer(job, scope) && !selfHosted) return { kind: "container", job, hardenRunner: step };
  if (options !== null && options.length > 0 && options.every((set) => set.some((l) => NOT_LINUX.test(l)))) {
    return { kind: "unsupportedOs", job, labels: [...new Set(options.flat())] };
  }
  // A first step that may wrap harden-runner but could not be opened: the job cannot be judged.
  if (found === null && unreadableFirst) return { kind: "unknownWrapper", job, step: unreadableFirst.step, reason: unreadableFirst.reason };
  // On self-hosted runners StepSecurity installs the agent in the runner image (or as a
  // DaemonSet on ARC) instead of as a step; a file cannot show whether that is done.
  if (found === null && selfHosted) return { kind: "selfHostedWithoutStep", job, labels: null };
  // A label that is no GitHub-hosted image name (an ARC scale set, a runner group's label, a
  // third-party runner) may well be a self-hosted runner: the same holds.
  if (found === null && options !== null && options.length > 0 && options.every((set) => !set.some((l) => HOSTED.test(l.trim())))) {
    return { kind: "selfHostedWithoutStep", job, labels: [...new Set(options.flat())] };
  }
  // A runner picked by an expression we cannot expand may be Windows or macOS: without the step
  // the job is not judged; with it, the workflow's author expects a runner it works on.
  if (found === null && options === null) return { kind: "unknownRunner", job };
  if (found === null) return { kind: "missing", job };
  if (!found.first) return { kind: "notFirst", job, step: found.step, via: found.via };
  const { policy, text } = egressPolicy(found.inner, found.scope);
  const refPinned = (st: WorkflowStep) => st.uses?.kind === "local" || (st.uses?.kind === "repo" && isFullSha(st.uses.ref));
  const pinned = found.via === null ? found.step.uses?.kind === "repo" && isFullSha(found.step.uses.ref) : refPinned(found.step) && refPinned(found.inner);
  return { kind: "first", job, step: found.step, policy, policyText: text, pinned, via: found.via };
}

function findHardenRunner(job: WorkflowJob, scope: ExprScope, wrappers: WrapperLookup): { found: HardenAt | null; unreadableFirst: { step: WorkflowStep; reason: string } | null } {
  let unreadableFirst: { step: WorkflowStep; reason: string } | null = null;
  let position = 0;
  for (const s of job.steps) {
    // A step whose `if:` can never hold (an input known to be off) does not run.
    if (neverTrue(s.if, scope)) continue;
    const own: ExprScope = { ...scope, env: { ...scope.env, ...s.env } };
    if (isAction(s.uses, HARDEN_RUNNER)) return { found: { index: s.index, step: s, inner: s, via: null, first: position === 0, scope: own }, unreadableFirst };
    const w = wrappers(s);
    if (w?.kind === "wraps") {
      const given: Record<string, unknown[] | null> = {};
      for (const [name, def] of Object.entries(w.inputs)) given[name] = s.with[name] !== undefined ? possibleValues(s.with[name]!, own) : [def ?? ""];
      for (const [name, value] of Object.entries(s.with)) given[name] ??= possibleValues(value, own);
      const inner: ExprScope = { inputs: given, env: { ...own.env, ...w.inner.env }, ...(scope.runnerOs !== undefined ? { runnerOs: scope.runnerOs } : {}) };
      return { found: { index: s.index, step: s, inner: w.inner, via: s.uses!.raw, first: position === 0 && w.innerFirst, scope: inner }, unreadableFirst };
    }
    if (w?.kind === "unreadable" && position === 0) unreadableFirst = { step: s, reason: w.reason };
    position++;
  }
  return { found: null, unreadableFirst };
}

/** A local action (`uses: ./…`) named for harden-runner: it may wrap it, but only after checkout. */
export function localHardenAction(job: WorkflowJob): WorkflowStep | null {
  return job.steps.find((s) => s.uses?.kind === "local" && /harden/i.test(s.uses.path)) ?? null;
}
