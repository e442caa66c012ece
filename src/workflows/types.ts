/** A typed, read-only view of one GitHub Actions workflow file. */

/** `uses:` of a step: a repository action, a Docker image, or an action in this repository. */
export type ActionRef =
  | { kind: "repo"; raw: string; owner: string; repo: string; path: string | null; ref: string | null }
  | { kind: "docker"; raw: string; image: string }
  | { kind: "local"; raw: string; path: string };

/** `jobs.<id>.uses:` — a reusable workflow, in this repository (`./…`) or another one. */
export type ReusableRef =
  | { kind: "local"; raw: string; path: string }
  | { kind: "remote"; raw: string; owner: string; repo: string; path: string; ref: string | null }
  | { kind: "invalid"; raw: string };

export interface WorkflowStep {
  /** 0-based position in the job */
  index: number;
  /** 1-based line of the step (of the alias when the step is an alias) */
  line: number;
  name: string | null;
  uses: ActionRef | null;
  usesLine: number | null;
  /** `with:` inputs, scalars as strings (`true` → "true"); expressions stay opaque strings */
  with: Record<string, string>;
  run: string | null;
  /** `env:` of the step, scalars as strings */
  env: Record<string, string>;
  /** `if:` as written (a string; `true`/`false` as "true"/"false"), null when absent */
  if: string | null;
}

/** `strategy.matrix`: the values per key (including `include` entries), or an expression. */
export type Matrix = { kind: "values"; values: Record<string, unknown[]> } | { kind: "expression"; expression: string };

export interface WorkflowJob {
  id: string;
  line: number;
  name: string | null;
  /** `runs-on` as written: a label, a list of labels, a group object, or an expression */
  runsOn: unknown;
  /** `container:` image (string form or `image:`), "" when given without an image, null when absent */
  container: string | null;
  /** set when the job calls a reusable workflow instead of running steps */
  uses: ReusableRef | null;
  usesLine: number | null;
  /** `with:` of a reusable-workflow call, scalars as strings like a step's */
  with: Record<string, string>;
  /** `if:` as written, null when absent */
  if: string | null;
  /** `env:` of the job, scalars as strings */
  env: Record<string, string>;
  matrix: Matrix | null;
  permissions: Permissions;
  steps: WorkflowStep[];
}

/** `permissions:` as written: absent, a shorthand (`read-all`, `write-all`, `{}`), or a map. */
export type Permissions = null | string | Record<string, string>;

export interface Workflow {
  path: string;
  name: string | null;
  /** events that trigger it, each with its configuration (null when given without one) */
  on: Record<string, unknown>;
  permissions: Permissions;
  /** `on.workflow_call.inputs`: each input's default as a string, null when it has none */
  callInputs: Record<string, string | null>;
  /** workflow-level `env:`, scalars as strings */
  env: Record<string, string>;
  jobs: WorkflowJob[];
}

export interface WorkflowParseError {
  path: string;
  message: string;
  line: number | null;
}

export type WorkflowParseResult = { ok: true; workflow: Workflow } | { ok: false; error: WorkflowParseError };
