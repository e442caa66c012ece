import type { WorkflowJob, WorkflowStep } from "../../workflows/types.js";
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
  | { kind: "selfHostedWithoutStep"; job: WorkflowJob }
  | { kind: "missing"; job: WorkflowJob }
  | { kind: "notFirst"; job: WorkflowJob; step: WorkflowStep }
  | { kind: "first"; job: WorkflowJob; step: WorkflowStep; policy: EgressPolicy; pinned: boolean };

export function judgeJob(job: WorkflowJob): JobVerdict | null {
  if (job.uses) return { kind: "reusable", job };
  if (job.steps.length === 0) return null;
  const i = job.steps.findIndex((s) => isAction(s.uses, HARDEN_RUNNER));
  const step = i < 0 ? null : job.steps[i]!;
  const labels = runnerLabels(job);
  const selfHosted = labels.some((l) => l.trim().toLowerCase() === "self-hosted");
  // The container limitation is the hosted runners' (no sudo on the VM); self-hosted ones are fine.
  if (job.container !== null && !selfHosted) return { kind: "container", job, hardenRunner: step };
  // An expression we cannot expand may pick Linux: such a job is counted.
  if (labels.length > 0 && labels.every((l) => NOT_LINUX.test(l) && !l.includes("${{"))) return { kind: "unsupportedOs", job, labels };
  // On self-hosted runners StepSecurity installs the agent in the runner image (or as a
  // DaemonSet on ARC) instead of as a step; a file cannot show whether that is done.
  if (step === null && selfHosted) return { kind: "selfHostedWithoutStep", job };
  if (step === null) return { kind: "missing", job };
  if (i > 0) return { kind: "notFirst", job, step };
  return { kind: "first", job, step, policy: egressPolicy(step), pinned: step.uses?.kind === "repo" && isFullSha(step.uses.ref) };
}

/**
 * harden-runner's documented limitation (docs/limitations.md in step-security/harden-runner):
 * only Linux runners; Windows and macOS jobs, hosted or self-hosted, are not supported.
 */
const NOT_LINUX = /windows|macos|osx|(^|[-_ ])mac($|[-_ ])/i;

/** The runner labels a job may get: `runs-on` as a label, a list, a group object, with `${{ matrix.x }}` expanded. */
export function runnerLabels(job: WorkflowJob): string[] {
  const r = job.runsOn;
  const raw: unknown[] = typeof r === "string" ? [r] : Array.isArray(r) ? r : r && typeof r === "object" ? [(r as { labels?: unknown }).labels].flat() : [];
  const out: string[] = [];
  for (const label of raw) {
    if (typeof label !== "string") continue;
    const m = /^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(label.trim());
    const values = m && job.matrix?.kind === "values" ? job.matrix.values[m[1]!] : undefined;
    if (values) out.push(...values.filter((v): v is string => typeof v === "string"));
    else out.push(label);
  }
  return out;
}

export function egressPolicy(step: WorkflowStep): EgressPolicy {
  const storeFlag = (step.with["use-policy-store"] ?? "").trim().toLowerCase() === "true";
  if (storeFlag || (step.with.policy ?? "").trim() !== "") return "policy-store";
  const raw = step.with["egress-policy"];
  if (raw === undefined || raw.trim() === "") return "block-default";
  const v = raw.trim().toLowerCase();
  if (v === "block" || v === "audit") return v;
  if (v.includes("${{")) return "expression";
  return "other";
}

export function blocks(p: EgressPolicy): boolean {
  return p === "block" || p === "block-default";
}

export function describePolicy(p: EgressPolicy, raw: string | undefined): string {
  switch (p) {
    case "block":
      return "egress-policy: block";
    case "block-default":
      return "egress-policy unset (the action's default, block)";
    case "audit":
      return "egress-policy: audit (watches outbound traffic, blocks nothing)";
    case "policy-store":
      return "egress policy taken from the StepSecurity policy store (not visible in the file, not counted as block)";
    case "expression":
      return `egress-policy set by an expression (${raw ?? ""}), so whether it blocks cannot be read from the file`;
    case "other":
      return `egress-policy: ${raw ?? ""} (not a value the action knows; only block or audit)`;
  }
}
