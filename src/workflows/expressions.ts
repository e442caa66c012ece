import type { Matrix } from "./types.js";

/**
 * A small reader for the GitHub Actions expressions that decide what a job runs on and whether a
 * step runs. It knows only the forms real workflows use for these (`matrix.x`, `inputs.x`,
 * literals, `cond && 'a' || 'b'`, `fromJSON('…')`); anything else is "cannot tell" (null), never
 * a guess.
 */
export interface ExprScope {
  matrix?: Matrix | null;
  /** possible values of each `inputs.<name>`; a name missing here, or null, cannot be told */
  inputs?: Record<string, unknown[] | null>;
  /** `env:` as written where the expression is read (workflow, then job, then step) */
  env?: Record<string, string>;
  /** `runner.os` when known (a job judged for its Linux runners) */
  runnerOs?: string;
}

/** Combinations past this are "cannot tell": a runner label built from several large matrices. */
const MAX_COMBINATIONS = 256;
const EXPR = /\$\{\{([\s\S]*?)\}\}/g;

/** The values `text` may take once GitHub expands its `${{ }}` parts; null when some part cannot be expanded. */
export function possibleValues(text: string, scope: ExprScope): unknown[] | null {
  const parts = [...text.matchAll(EXPR)];
  if (parts.length === 0) return [text];
  if (parts.length === 1 && parts[0]![0] === text.trim()) return evaluate(parts[0]![1]!, scope, 0);
  // Text around the expressions: every part must expand to scalars, joined in each combination.
  let out: string[] = [""];
  let last = 0;
  for (const m of parts) {
    const values = evaluate(m[1]!, scope, 0);
    if (values === null || values.some((v) => typeof v === "object" && v !== null)) return null;
    const lead = text.slice(last, m.index);
    const next: string[] = [];
    for (const prefix of out) for (const v of values) next.push(prefix + lead + String(v ?? ""));
    if (next.length > MAX_COMBINATIONS) return null;
    out = next;
    last = m.index! + m[0].length;
  }
  return out.map((s) => s + text.slice(last));
}

function evaluate(source: string, scope: ExprScope, depth: number): unknown[] | null {
  if (depth > 8) return null;
  const e = stripParens(source.trim());
  const either = splitTop(e, "||");
  if (either.length > 1) {
    // `cond && 'a' || 'b'`: a part whose condition is known false is skipped; one known true ends the chain.
    const reached: string[] = [];
    for (const part of either) {
      const both = splitTop(stripParens(part), "&&");
      const truth = both.length > 1 ? both.slice(0, -1).map((c) => truthOf(c, scope)) : [];
      if (truth.includes(false)) continue;
      reached.push(part);
      if (truth.length > 0 && truth.every((t) => t === true)) break;
    }
    return union(reached.map((p) => evaluate(p, scope, depth + 1)));
  }
  const both = splitTop(e, "&&");
  // `cond && 'a'` is 'a' when it is truthy; its falsy value falls through to the next `||` part.
  if (both.length > 1) return evaluate(both[both.length - 1]!, scope, depth + 1);
  const literal = /^'((?:[^']|'')*)'$/.exec(e);
  if (literal) return [literal[1]!.replace(/''/g, "'")];
  if (e === "true" || e === "false") return [e === "true"];
  if (e === "null") return [null];
  if (/^-?\d+(\.\d+)?$/.test(e)) return [Number(e)];
  const matrix = /^matrix((?:\.[A-Za-z0-9_-]+)+)$/.exec(e);
  if (matrix) return matrixValues(scope.matrix ?? null, matrix[1]!.slice(1).split("."));
  const input = /^(?:github\.event\.)?inputs\.([A-Za-z0-9_-]+)$/.exec(e);
  if (input) return scope.inputs?.[input[1]!] ?? null;
  const env = /^env\.([A-Za-z0-9_-]+)$/.exec(e);
  if (env) {
    const value = scope.env?.[env[1]!];
    // An env value may hold expressions of its own, but not of env (no cycles).
    return value === undefined ? null : possibleValues(value, { ...scope, env: {} });
  }
  if (e === "runner.os") return scope.runnerOs === undefined ? null : [scope.runnerOs];
  const json = /^fromjson\(([\s\S]*)\)$/i.exec(e);
  if (json) return fromJson(evaluate(json[1]!, scope, depth + 1));
  return null;
}

/** A condition's value when it can be told: `runner.os == 'Linux'` with the OS known, `true`, `false`. */
function truthOf(c: string, scope: ExprScope): boolean | null {
  const e = stripParens(c.trim());
  if (e === "true" || e === "false") return e === "true";
  const m = /^runner\.os\s*(==|!=)\s*'([^']*)'$|^'([^']*)'\s*(==|!=)\s*runner\.os$/.exec(e);
  if (!m || scope.runnerOs === undefined) return null;
  const op = m[1] ?? m[4]!;
  const same = (m[2] ?? m[3]!).toLowerCase() === scope.runnerOs.toLowerCase();
  return op === "==" ? same : !same;
}

function union(lists: (unknown[] | null)[]): unknown[] | null {
  const out: unknown[] = [];
  for (const l of lists) {
    if (l === null) return null;
    for (const v of l) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(v))) out.push(v);
  }
  return out;
}

function fromJson(values: unknown[] | null): unknown[] | null {
  if (values === null) return null;
  const out: unknown[] = [];
  for (const v of values) {
    if (typeof v !== "string") return null;
    try {
      out.push(JSON.parse(v));
    } catch {
      return null;
    }
  }
  return out;
}

function matrixValues(m: Matrix | null, path: string[]): unknown[] | null {
  if (m === null || m.kind !== "values") return null;
  const top = m.values[path[0]!];
  if (!top) return null;
  const out: unknown[] = [];
  for (const v of top) {
    let cur: unknown = v;
    for (const key of path.slice(1)) cur = typeof cur === "object" && cur !== null && !Array.isArray(cur) ? (cur as Record<string, unknown>)[key] : undefined;
    // A property one matrix entry lacks is null there (GitHub's value for a missing property).
    out.push(cur === undefined ? null : cur);
  }
  return out;
}

/** `( a )` → `a` when the parentheses enclose the whole expression. */
function stripParens(e: string): string {
  let s = e;
  while (s.startsWith("(") && s.endsWith(")") && closingOf(s, 0) === s.length - 1) s = s.slice(1, -1).trim();
  return s;
}

function closingOf(s: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return -1;
}

/** Split at `op` outside parentheses and quotes. */
export function splitTop(e: string, op: "||" | "&&"): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e[i];
    if (c === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && e.startsWith(op, i)) {
      out.push(e.slice(start, i).trim());
      start = i + op.length;
      i += op.length - 1;
    }
  }
  out.push(e.slice(start).trim());
  return out;
}

/** The expression inside an `if:` (which may or may not be wrapped in `${{ }}`); null when it mixes text and expressions. */
function conditionExpression(cond: string): string | null {
  const t = cond.trim();
  const parts = [...t.matchAll(EXPR)];
  if (parts.length === 0) return t;
  return parts.length === 1 && parts[0]![0] === t ? parts[0]![1]!.trim() : null;
}

const conjuncts = (cond: string | null): string[] => {
  const e = cond === null ? null : conditionExpression(cond);
  return e === null ? [] : splitTop(stripParens(e), "&&").map(stripParens);
};

const EVENT_IS = /^(?:github\.event_name\s*==\s*'([^']+)'|'([^']+)'\s*==\s*github\.event_name)$/;
const EVENT_IS_NOT = /^(?:github\.event_name\s*!=\s*'([^']+)'|'([^']+)'\s*!=\s*github\.event_name)$/;

/**
 * Narrow `events` to those for which `cond` can be true, reading only conjuncts of the form
 * `github.event_name == 'x' || …` and `github.event_name != 'x'`; other conditions leave them as they are.
 */
export function eventsAllowedBy(cond: string | null, events: ReadonlySet<string>): Set<string> {
  let out = new Set(events);
  for (const c of conjuncts(cond)) {
    const not = EVENT_IS_NOT.exec(c);
    if (not) {
      out.delete(not[1] ?? not[2]!);
      continue;
    }
    const alternatives = splitTop(c, "||").map(stripParens);
    const named = alternatives.map((a) => EVENT_IS.exec(a));
    if (named.every((m) => m !== null)) {
      const allowed = new Set(named.map((m) => m![1] ?? m![2]!));
      out = new Set([...out].filter((e) => allowed.has(e)));
    }
  }
  return out;
}

const FALSY = new Set(["", "false", "0", "null"]);
const isFalsy = (v: unknown): boolean => v === false || v === null || v === 0 || (typeof v === "string" && FALSY.has(v.trim().toLowerCase()));

/**
 * True when `cond` can never hold given what is known of the inputs: a conjunct `false`, or
 * `inputs.x` / `inputs.x == true` / `inputs.x == 'true'` where every known value of x is falsy.
 */
export function neverTrue(cond: string | null, scope: ExprScope): boolean {
  for (const c of conjuncts(cond)) {
    if (c === "false") return true;
    const m = /^(?:inputs\.([A-Za-z0-9_-]+)(?:\s*==\s*(?:true|'true'))?|(?:true|'true')\s*==\s*inputs\.([A-Za-z0-9_-]+))$/.exec(c);
    if (!m) continue;
    const values = scope.inputs?.[m[1] ?? m[2]!];
    if (values && values.length > 0 && values.every(isFalsy)) return true;
  }
  return false;
}
