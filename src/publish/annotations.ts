import type { CheckDefinition, CheckResult } from "../checks/types.js";

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure" | "warning" | "notice";
  title: string;
  message: string;
}

/** The Checks API takes at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/**
 * Annotations beyond this are not sent: each 50 more cost a write, and writes are a second apart
 * (10,000 unhardened jobs would otherwise hold a PR's check for minutes). The summary lists all.
 */
export const MAX_ANNOTATIONS = 150;

/**
 * Annotations for findings on lines of files the pull request touches: failures and warnings
 * only, one per finding, messages already masked by the checks (a secret is a preview only).
 */
export function annotationsFor(results: readonly CheckResult[], defs: readonly CheckDefinition[], touched: ReadonlySet<string>): Annotation[] {
  const out: Annotation[] = [];
  // failures first, so a cap never drops a leaked secret in favour of a warning
  const ordered = [...results].sort((a, b) => Number(b.id === "secrets") - Number(a.id === "secrets"));
  for (const r of ordered) {
    const title = defs.find((d) => d.id === r.id)?.title ?? r.id;
    for (const f of r.findings) {
      if (f.outcome !== "fail" && f.outcome !== "warn") continue;
      if (!f.path || !f.line || !touched.has(f.path)) continue;
      out.push({
        path: f.path,
        start_line: f.line,
        end_line: f.line,
        annotation_level: f.outcome === "fail" ? "failure" : "warning",
        title: `${title}: ${f.id}`.slice(0, 255),
        message: (f.remediation ? `${f.message}\n\n${f.remediation}` : f.message).slice(0, 64000),
      });
    }
  }
  out.sort((a, b) => Number(b.annotation_level === "failure") - Number(a.annotation_level === "failure"));
  return out;
}

/** The annotations to send, and how many were left to the summary. */
export function capAnnotations(all: readonly Annotation[], max = MAX_ANNOTATIONS): { send: Annotation[]; omitted: number } {
  return { send: all.slice(0, max), omitted: Math.max(0, all.length - max) };
}

export function batches<T>(items: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
