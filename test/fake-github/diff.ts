/**
 * Pull request files derived from two commits when a world does not spell them out: one hunk per
 * file (common leading and trailing lines trimmed, three lines of context), in GitHub's `patch`
 * format, which omits the `---`/`+++` header lines.
 */
import type { Files, WorldPullFile } from "./world.js";

const CONTEXT = 3;
/** Marks a last line without a newline, so "a" and "a\n" differ as they do for git. */
const NO_EOL = "\u0000";

function lines(text: string): string[] {
  if (text === "") return [];
  const ls = text.split("\n");
  if (ls[ls.length - 1] === "") ls.pop();
  else ls[ls.length - 1] += NO_EOL;
  return ls;
}

function show(prefix: string, line: string): string {
  return line.endsWith(NO_EOL) ? `${prefix}${line.slice(0, -1)}\n\\ No newline at end of file` : `${prefix}${line}`;
}

export function patchOf(before: string, after: string): { patch: string; additions: number; deletions: number } {
  const a = lines(before);
  const b = lines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ctxStart = Math.max(0, start - CONTEXT);
  const ctxEndA = Math.min(a.length, endA + CONTEXT);
  const trailing = a.slice(endA, ctxEndA);
  const body = [
    ...a.slice(ctxStart, start).map((l) => show(" ", l)),
    ...a.slice(start, endA).map((l) => show("-", l)),
    ...b.slice(start, endB).map((l) => show("+", l)),
    ...trailing.map((l) => show(" ", l)),
  ];
  const oldLen = start - ctxStart + (endA - start) + trailing.length;
  const newLen = start - ctxStart + (endB - start) + trailing.length;
  // git's hunk header: a count of 1 is left out, an empty side starts at the line before
  const range = (from: number, len: number) => (len === 0 ? `${from},0` : len === 1 ? `${from + 1}` : `${from + 1},${len}`);
  const heading = funcname(a, ctxStart);
  const head = `@@ -${range(ctxStart, oldLen)} +${range(ctxStart, newLen)} @@${heading ? ` ${heading}` : ""}`;
  return { patch: [head, ...body].join("\n"), additions: endB - start, deletions: endA - start };
}

/** git's default hunk heading: the nearest line above the hunk starting with a letter, `$` or `_`. */
function funcname(a: readonly string[], before: number): string {
  for (let i = before - 1; i >= 0; i--) {
    const line = (a[i] ?? "").replace(NO_EOL, "");
    if (/^[A-Za-z$_]/.test(line)) return line.slice(0, 80).trimEnd();
  }
  return "";
}

export function pullFiles(base: Files, head: Files): WorldPullFile[] {
  const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const out: WorldPullFile[] = [];
  for (const filename of paths) {
    const before = base[filename];
    const after = head[filename];
    if (before === after) continue;
    const status = before === undefined ? "added" : after === undefined ? "removed" : "modified";
    out.push({ filename, status, ...patchOf(before ?? "", after ?? "") });
  }
  return out;
}
