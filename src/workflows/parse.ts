import { LineCounter, parseDocument } from "yaml";
import { Lines } from "./lines.js";
import type { Matrix, Permissions, Workflow, WorkflowJob, WorkflowParseResult, WorkflowStep } from "./types.js";
import { parseActionRef, parseReusableRef } from "./uses.js";

/** Larger files are refused: real workflows are a few KB, and parsing is linear but not free. */
export const MAX_WORKFLOW_BYTES = 512 * 1024;
/** Bounds alias expansion ("billion laughs"); real workflows use a handful of anchors. */
export const MAX_ALIAS_COUNT = 1000;

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === "object" && x !== null && !Array.isArray(x);

class ShapeError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
  }
}

/**
 * Parse results by file object: the checks of one scan share the same fact objects, so each
 * workflow is parsed once however many checks read it.
 */
const parsedFiles = new WeakMap<{ path: string; content: string }, WorkflowParseResult>();

export function parseWorkflowFile(file: { path: string; content: string }): WorkflowParseResult {
  let r = parsedFiles.get(file);
  if (!r) {
    r = parseWorkflow(file.path, file.content);
    parsedFiles.set(file, r);
  }
  return r;
}

/** Parse one workflow file. Never throws: bad YAML or a wrong shape is an error result. */
export function parseWorkflow(path: string, content: string): WorkflowParseResult {
  const fail = (message: string, line: number | null = null): WorkflowParseResult => ({ ok: false, error: { path, message, line } });
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > MAX_WORKFLOW_BYTES) return fail(`the file is ${bytes} bytes, over the ${MAX_WORKFLOW_BYTES}-byte limit for a workflow`);
  const counter = new LineCounter();
  let data: unknown;
  let lines: Lines;
  try {
    const doc = parseDocument(content, { lineCounter: counter, merge: true, prettyErrors: true });
    const first = doc.errors[0];
    if (first) return fail(firstLine(first.message), first.linePos?.[0]?.line ?? null);
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    lines = new Lines(doc, counter);
  } catch (err) {
    return fail(`YAML could not be read: ${(err as Error).message}`);
  }
  try {
    return { ok: true, workflow: toWorkflow(path, data, lines) };
  } catch (err) {
    if (err instanceof ShapeError) return fail(err.message, err.line);
    return fail(`unexpected workflow shape: ${(err as Error).message}`);
  }
}

function firstLine(message: string): string {
  // yaml's pretty message is "… at line 3, column 1:" followed by the source excerpt.
  return message.split("\n")[0]!.trim().replace(/:$/, "");
}

function toWorkflow(path: string, data: unknown, lines: Lines): Workflow {
  if (!isRec(data)) throw new ShapeError("the file is not a YAML mapping of workflow keys", null);
  const jobs = data.jobs;
  if (!isRec(jobs)) throw new ShapeError(jobs === undefined ? "the workflow has no `jobs`" : "`jobs` is not a mapping", lines.of(["jobs"]));
  return {
    path,
    name: str(data.name),
    // Under a `%YAML 1.1` directive the key `on` reads as the boolean true; GitHub reads it as `on`.
    on: triggers(data.on ?? data.true),
    permissions: permissions(data.permissions),
    callInputs: callInputs(data.on ?? data.true),
    env: stringMap(data.env),
    jobs: Object.entries(jobs).map(([id, job]) => toJob(id, job, lines)),
  };
}

/** `on: push`, `on: [push, pull_request]`, or `on: { push: {...}, schedule: [...] }`. */
function triggers(on: unknown): Record<string, unknown> {
  if (typeof on === "string") return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.filter((e) => typeof e === "string").map((e) => [e, null]));
  if (isRec(on)) return { ...on };
  return {};
}

function toJob(id: string, job: unknown, lines: Lines): WorkflowJob {
  const at = ["jobs", id];
  const line = lines.of(at) ?? 1;
  if (!isRec(job)) throw new ShapeError(`job \`${id}\` is not a mapping`, line);
  const rawSteps = job.steps ?? [];
  if (!Array.isArray(rawSteps)) throw new ShapeError(`\`jobs.${id}.steps\` is not a list`, lines.of([...at, "steps"]));
  const usesValue = job.uses;
  if (usesValue !== undefined && typeof usesValue !== "string") throw new ShapeError(`\`jobs.${id}.uses\` is not a string`, lines.of([...at, "uses"]));
  return {
    id,
    line,
    name: str(job.name),
    runsOn: job["runs-on"] ?? null,
    container: container(job.container),
    uses: usesValue === undefined ? null : (parseReusableRef(usesValue) ?? { kind: "invalid", raw: usesValue }),
    usesLine: usesValue === undefined ? null : lines.of([...at, "uses"]),
    with: stringMap(job.with),
    if: condition(job.if),
    env: stringMap(job.env),
    matrix: matrix(isRec(job.strategy) ? job.strategy.matrix : undefined),
    permissions: permissions(job.permissions),
    steps: rawSteps.map((s, i) => toStep(id, i, s, lines)),
  };
}

function toStep(jobId: string, index: number, step: unknown, lines: Lines): WorkflowStep {
  const at = ["jobs", jobId, "steps", index];
  const line = lines.of(at) ?? lines.of(["jobs", jobId]) ?? 1;
  if (!isRec(step)) throw new ShapeError(`step ${index + 1} of job \`${jobId}\` is not a mapping`, line);
  const uses = step.uses;
  if (uses !== undefined && typeof uses !== "string") throw new ShapeError(`\`uses\` of step ${index + 1} in job \`${jobId}\` is not a string`, line);
  return {
    index,
    line,
    name: str(step.name),
    uses: typeof uses === "string" ? parseActionRef(uses) : null,
    usesLine: typeof uses === "string" ? (lines.of([...at, "uses"]) ?? line) : null,
    with: stringMap(step.with),
    run: step.run === undefined || step.run === null ? null : scalarText(step.run),
    if: condition(step.if),
    env: stringMap(step.env),
  };
}

function stringMap(m: unknown): Record<string, string> {
  return isRec(m) ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, scalarText(v)])) : {};
}

function condition(c: unknown): string | null {
  return c === undefined || c === null ? null : scalarText(c);
}

/** Defaults of a reusable workflow's inputs (`on: { workflow_call: { inputs: { x: { default } } } }`). */
function callInputs(on: unknown): Record<string, string | null> {
  const call = isRec(on) ? on.workflow_call : undefined;
  const inputs = isRec(call) ? call.inputs : undefined;
  if (!isRec(inputs)) return {};
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [k, isRec(v) && v.default !== undefined && v.default !== null ? scalarText(v.default) : null]),
  );
}

function container(c: unknown): string | null {
  if (c === undefined || c === null) return null;
  if (typeof c === "string") return c;
  if (isRec(c)) return typeof c.image === "string" ? c.image : "";
  return "";
}

function matrix(m: unknown): Matrix | null {
  if (m === undefined || m === null) return null;
  if (typeof m === "string") return { kind: "expression", expression: m };
  if (!isRec(m)) return null;
  const values: Record<string, unknown[]> = {};
  const add = (k: string, v: unknown) => (values[k] ??= []).push(...(Array.isArray(v) ? v : [v]));
  for (const [k, v] of Object.entries(m)) {
    if (k === "include" || k === "exclude") continue;
    add(k, v);
  }
  if (Array.isArray(m.include)) {
    for (const entry of m.include) if (isRec(entry)) for (const [k, v] of Object.entries(entry)) add(k, v);
  }
  return { kind: "values", values };
}

function permissions(p: unknown): Permissions {
  if (p === undefined || p === null) return null;
  if (typeof p === "string") return p;
  if (isRec(p)) return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, scalarText(v)]));
  return null;
}

function str(x: unknown): string | null {
  return typeof x === "string" ? x : null;
}

function scalarText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
