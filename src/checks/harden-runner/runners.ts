import { possibleValues, type ExprScope } from "../../workflows/expressions.js";
import type { WorkflowJob } from "../../workflows/types.js";

/**
 * Whether every run of the job is in a container. `container: ${{ matrix.x.container }}` where
 * some matrix legs give none runs those legs on the runner itself: the job is then counted.
 */
export function inContainer(job: WorkflowJob, scope: ExprScope): boolean {
  if (job.container === null) return false;
  const images = possibleValues(job.container, scope);
  if (images === null) return true;
  return images.every((v) => (typeof v === "string" ? v.trim() !== "" : v !== null && v !== false));
}


/**
 * harden-runner's documented limitation (docs/limitations.md in step-security/harden-runner):
 * only Linux runners; Windows and macOS jobs, hosted or self-hosted, are not supported.
 */
export const NOT_LINUX = /windows|macos|osx|(^|[-_ ])mac($|[-_ ])/i;
/** GitHub-hosted runner labels, standard and larger (`ubuntu-24.04`, `ubuntu-latest-16-cores`, `ubuntu-24.04-arm`). */
export const HOSTED = /^ubuntu-/i;

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
