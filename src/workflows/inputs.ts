import { possibleValues, type ExprScope } from "./expressions.js";
import type { Workflow, WorkflowJob } from "./types.js";

type Inputs = Record<string, unknown[] | null>;

/**
 * The inputs a reusable workflow gets from one calling job: the caller's `with:` value (expanded
 * in the caller's own matrix and inputs), else the input's default, else empty (what GitHub gives
 * an unset input without a default: "" or false, both falsy).
 */
export function inputsFromCaller(callee: Workflow, caller: WorkflowJob, callerScope: ExprScope): Inputs {
  const out: Inputs = {};
  for (const name of new Set([...Object.keys(callee.callInputs), ...Object.keys(caller.with)])) {
    const given = caller.with[name];
    if (given !== undefined) out[name] = possibleValues(given, callerScope);
    else out[name] = literal(callee.callInputs[name] ?? "");
  }
  return out;
}

const literal = (text: string): unknown[] | null => (text.includes("${{") ? null : [text]);

/**
 * For each workflow of the repository, the values its `inputs.x` may take: the union over the jobs
 * in the repository that call it (`uses: ./.github/workflows/…`). A workflow nobody here calls, or
 * one started by hand with inputs (workflow_dispatch), has inputs that cannot be told.
 */
export function repositoryInputs(workflows: readonly Workflow[]): Map<string, Inputs> {
  const byPath = new Map(workflows.map((w) => [w.path, w]));
  const memo = new Map<string, Inputs>();
  const resolving = new Set<string>();
  const inputsOf = (w: Workflow): Inputs => {
    const hit = memo.get(w.path);
    if (hit) return hit;
    // A cycle of calls (which GitHub rejects) must not loop here.
    if (resolving.has(w.path)) return {};
    resolving.add(w.path);
    const out: Inputs = {};
    const dispatch = w.on.workflow_dispatch;
    const byHand = typeof dispatch === "object" && dispatch !== null && "inputs" in dispatch;
    if (!byHand && "workflow_call" in w.on) {
      for (const caller of workflows) {
        for (const job of caller.jobs) {
          if (job.uses?.kind !== "local" || job.uses.path !== w.path) continue;
          const given = inputsFromCaller(w, job, { matrix: job.matrix, inputs: inputsOf(caller) });
          for (const [name, values] of Object.entries(given)) out[name] = merge(name in out ? out[name]! : [], values);
        }
      }
    }
    resolving.delete(w.path);
    memo.set(w.path, out);
    return out;
  };
  const result = new Map<string, Inputs>();
  for (const w of byPath.values()) result.set(w.path, inputsOf(w));
  return result;
}

function merge(a: unknown[] | null, b: unknown[] | null): unknown[] | null {
  if (a === null || b === null) return null;
  const out = [...a];
  for (const v of b) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(v))) out.push(v);
  return out;
}
