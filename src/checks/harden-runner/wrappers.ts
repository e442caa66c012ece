import { describeUnavailable } from "../../facts/fact.js";
import type { RepoFacts } from "../../facts/types.js";
import { parseActionManifest } from "../../workflows/action.js";
import type { WorkflowStep } from "../../workflows/types.js";
import { isAction, mayWrapHardenRunner } from "../../workflows/uses.js";
import { HARDEN_RUNNER, type Wrapped, type WrapperLookup } from "./jobs.js";

/**
 * How to see inside a step that may wrap harden-runner: from the action.yml files collected for
 * such steps. A composite counts as harden-runner when one of its steps is; it starts with it when
 * that is its first step.
 */
export function wrapperLookup(facts: RepoFacts): WrapperLookup {
  const manifests = facts.actionManifests;
  const cache = new Map<string, Wrapped>();
  return (step: WorkflowStep) => {
    if (!step.uses || !mayWrapHardenRunner(step.uses)) return null;
    const raw = step.uses.raw;
    const hit = cache.get(raw);
    if (hit) return hit;
    let out: Wrapped;
    const fact = manifests.ok ? manifests.value[raw] : manifests;
    if (!fact) out = { kind: "unreadable", reason: "it was not collected" };
    else if (!fact.ok) out = { kind: "unreadable", reason: describeUnavailable(fact) };
    else {
      const m = parseActionManifest(fact.value.content);
      const i = m === null || m.using !== "composite" ? -1 : m.steps.findIndex((s) => isAction(s.uses, HARDEN_RUNNER));
      out = m && i >= 0 ? { kind: "wraps", inner: m.steps[i]!, innerFirst: i === 0, inputs: m.inputs } : m ? { kind: "other" } : { kind: "unreadable", reason: `${fact.value.path} is not a readable action.yml` };
    }
    cache.set(raw, out);
    return out;
  };
}
