import { parseDocument } from "yaml";
import type { WorkflowStep } from "./types.js";
import { parseActionRef } from "./uses.js";
import { MAX_ALIAS_COUNT, MAX_WORKFLOW_BYTES } from "./parse.js";

/** What an action's action.yml says that matters here: how it runs, its inputs, and a composite's steps. */
export interface ActionManifest {
  /** `runs.using`: composite, node20, docker… */
  using: string | null;
  /** each input's default as a string, null when it has none */
  inputs: Record<string, string | null>;
  /** a composite action's steps (line numbers are those of the action file) */
  steps: WorkflowStep[];
}

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === "object" && x !== null && !Array.isArray(x);
const text = (v: unknown): string => (typeof v === "string" ? v : v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** Read an action.yml; null when it is not one (bad YAML, too large, no `runs`). Never throws. */
export function parseActionManifest(content: string): ActionManifest | null {
  if (Buffer.byteLength(content, "utf8") > MAX_WORKFLOW_BYTES) return null;
  let data: unknown;
  try {
    const doc = parseDocument(content, { merge: true });
    if (doc.errors.length > 0) return null;
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return null;
  }
  if (!isRec(data) || !isRec(data.runs)) return null;
  const inputs = isRec(data.inputs) ? data.inputs : {};
  const rawSteps = Array.isArray(data.runs.steps) ? data.runs.steps : [];
  return {
    using: typeof data.runs.using === "string" ? data.runs.using : null,
    inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, isRec(v) && v.default !== undefined && v.default !== null ? text(v.default) : null])),
    steps: rawSteps.filter(isRec).map((s, index) => ({
      index,
      line: 1,
      name: typeof s.name === "string" ? s.name : null,
      uses: typeof s.uses === "string" ? parseActionRef(s.uses) : null,
      usesLine: null,
      with: isRec(s.with) ? Object.fromEntries(Object.entries(s.with).map(([k, v]) => [k, text(v)])) : {},
      run: s.run === undefined || s.run === null ? null : text(s.run),
      if: s.if === undefined || s.if === null ? null : text(s.if),
      env: isRec(s.env) ? Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, text(v)])) : {},
    })),
  };
}
