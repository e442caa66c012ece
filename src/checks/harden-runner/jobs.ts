import type { WorkflowJob, WorkflowStep } from "../../workflows/types.js";
import { neverTrue, possibleValues, type ExprScope } from "../../workflows/expressions.js";
import { isAction, isFullSha } from "../../workflows/uses.js";

export const HARDEN_RUNNER = "step-security/harden-runner";

/**
 * What the job's egress policy is. The action's `egress-policy` input defaults to "block"
 * (step-security/harden-runner action.yml, `inputs.egress-policy.default: "block"`, read at
 * commit 018beb85950b76a8f393dcd913d3b92e9eb0e335), so an unset input blocks.
 * A policy from the StepSecurity policy store, or an expression, cannot be read from the file.
 */
export type EgressPolicy = "block" | "block-default" | "audit" | "policy-store" | "expression" | "other";

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

export function judgeJob(job: WorkflowJob, inputs: ExprScope["inputs"] = {}, wrappers: WrapperLookup = () => null): JobVerdict | null {
  if (job.uses) return { kind: "reusable", job };
  if (job.steps.length === 0) return null;
  const scope: ExprScope = { matrix: job.matrix, inputs };
  const { found, unreadableFirst } = findHardenRunner(job, scope, wrappers);
  const step = found?.step ?? null;
  const options = runnerOptions(job, scope);
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
    if (isAction(s.uses, HARDEN_RUNNER)) return { found: { index: s.index, step: s, inner: s, via: null, first: position === 0, scope }, unreadableFirst };
    const w = wrappers(s);
    if (w?.kind === "wraps") {
      const given: Record<string, unknown[] | null> = {};
      for (const [name, def] of Object.entries(w.inputs)) given[name] = s.with[name] !== undefined ? possibleValues(s.with[name]!, scope) : [def ?? ""];
      for (const [name, value] of Object.entries(s.with)) given[name] ??= possibleValues(value, scope);
      return { found: { index: s.index, step: s, inner: w.inner, via: s.uses!.raw, first: position === 0 && w.innerFirst, scope: { inputs: given } }, unreadableFirst };
    }
    if (w?.kind === "unreadable" && position === 0) unreadableFirst = { step: s, reason: w.reason };
    position++;
  }
  return { found: null, unreadableFirst };
}

/**
 * Whether every run of the job is in a container. `container: ${{ matrix.x.container }}` where
 * some matrix legs give none runs those legs on the runner itself: the job is then counted.
 */
function inContainer(job: WorkflowJob, scope: ExprScope): boolean {
  if (job.container === null) return false;
  const images = possibleValues(job.container, scope);
  if (images === null) return true;
  return images.every((v) => (typeof v === "string" ? v.trim() !== "" : v !== null && v !== false));
}

/** A local action (`uses: ./…`) named for harden-runner: it may wrap it, but only after checkout. */
export function localHardenAction(job: WorkflowJob): WorkflowStep | null {
  return job.steps.find((s) => s.uses?.kind === "local" && /harden/i.test(s.uses.path)) ?? null;
}

/**
 * harden-runner's documented limitation (docs/limitations.md in step-security/harden-runner):
 * only Linux runners; Windows and macOS jobs, hosted or self-hosted, are not supported.
 */
const NOT_LINUX = /windows|macos|osx|(^|[-_ ])mac($|[-_ ])/i;
/** GitHub-hosted runner labels, standard and larger (`ubuntu-24.04`, `ubuntu-latest-16-cores`, `ubuntu-24.04-arm`). */
const HOSTED = /^ubuntu-/i;

/**
 * The label sets a job may run on: one set per possibility (a matrix leg, a branch of
 * `cond && 'a' || 'b'`, a caller's input), null when `runs-on` holds an expression that cannot be
 * expanded. A set runs on Linux unless one of its labels names Windows or macOS.
 */
export function runnerOptions(job: WorkflowJob, scope: ExprScope): string[][] | null {
  const r = job.runsOn;
  if (typeof r === "string") return alternatives(possibleValues(r, scope));
  if (Array.isArray(r)) return labelList(r, scope);
  if (r !== null && typeof r === "object") {
    const { group, labels } = r as { group?: unknown; labels?: unknown };
    const list = [group, labels].flat().filter((l) => typeof l === "string");
    return labelList(list, scope);
  }
  return [[]];
}

/** A list of labels is one set (the runner needs all of them); each may expand to several values. */
function labelList(list: unknown[], scope: ExprScope): string[][] | null {
  let sets: string[][] = [[]];
  for (const label of list) {
    if (typeof label !== "string") continue;
    const alts = alternatives(possibleValues(label, scope));
    if (alts === null) return null;
    const next: string[][] = [];
    for (const set of sets) for (const alt of alts) next.push([...set, ...alt]);
    if (next.length > 256) return null;
    sets = next;
  }
  return sets;
}

function alternatives(values: unknown[] | null): string[][] | null {
  if (values === null) return null;
  const out: string[][] = [];
  for (const v of values) {
    if (typeof v === "string") out.push([v]);
    else if (Array.isArray(v) && v.every((l) => typeof l === "string")) out.push(v as string[]);
    else return null;
  }
  return out;
}

/** The policy, with an expression expanded where its values are known (e.g. an input's callers). */
export function egressPolicy(step: WorkflowStep, scope: ExprScope = {}): { policy: EgressPolicy; text: string | undefined } {
  const storeFlag = (step.with["use-policy-store"] ?? "").trim().toLowerCase() === "true";
  const text = step.with["egress-policy"];
  if (storeFlag || (step.with.policy ?? "").trim() !== "") return { policy: "policy-store", text };
  if (text === undefined || text.trim() === "") return { policy: "block-default", text };
  const values = possibleValues(text, scope);
  if (values === null) return { policy: "expression", text };
  const kinds = new Set(values.map((v) => policyOf(String(v ?? ""))));
  // An input that may be block for one caller and audit for another cannot be scored either way.
  return { policy: kinds.size === 1 ? [...kinds][0]! : "expression", text };
}

function policyOf(v: string): EgressPolicy {
  const t = v.trim().toLowerCase();
  if (t === "") return "block-default";
  if (t === "block" || t === "audit") return t;
  return "other";
}

export function blocks(p: EgressPolicy): boolean {
  return p === "block" || p === "block-default";
}

/** Whether the file shows what the policy is (a store policy or an unexpandable expression does not). */
export function policyReadable(p: EgressPolicy): boolean {
  return p !== "policy-store" && p !== "expression";
}

export function describePolicy(p: EgressPolicy, raw: string | undefined): string {
  const via = raw !== undefined && raw.includes("${{") ? ` (from ${raw.trim()})` : "";
  switch (p) {
    case "block":
      return `egress-policy: block${via}`;
    case "block-default":
      return `egress-policy unset (the action's default, block)${via}`;
    case "audit":
      return `egress-policy: audit${via} (watches outbound traffic, blocks nothing)`;
    case "policy-store":
      return "egress policy taken from the StepSecurity policy store (not visible in the file, so left out of the block share)";
    case "expression":
      return `egress-policy set by an expression (${raw ?? ""}), so whether it blocks cannot be read from the file (left out of the block share)`;
    case "other":
      return `egress-policy: ${raw ?? ""} (not a value the action knows; only block or audit)`;
  }
}
