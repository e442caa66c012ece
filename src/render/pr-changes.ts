import type { CheckDefinition, CheckResult, Finding } from "../checks/types.js";
import { inline } from "./format.js";

export interface IntroducedFinding {
  check: string;
  message: string;
  location: string | null;
  remediation: string | null;
}

const key = (checkId: string, f: Finding) => `${checkId}\u0000${f.id}\u0000${f.fingerprint ?? `${f.path ?? ""}\u0000${f.message}`}`;

/** Failing or warning findings present with the PR and not on the base branch. */
export function introducedFindings(base: readonly CheckResult[] | null, head: readonly CheckResult[]): { checkId: string; finding: Finding }[] {
  const before = new Set((base ?? []).flatMap((c) => c.findings.map((f) => key(c.id, f))));
  return head.flatMap((c) =>
    c.findings.filter((f) => (f.outcome === "fail" || f.outcome === "warn") && !before.has(key(c.id, f))).map((finding) => ({ checkId: c.id, finding })),
  );
}

export function introducedView(items: ReturnType<typeof introducedFindings>, defs: readonly CheckDefinition[], max = 10): IntroducedFinding[] {
  return items.slice(0, max).map(({ checkId, finding: f }) => ({
    check: defs.find((d) => d.id === checkId)?.title ?? checkId,
    message: inline(f.message),
    location: f.path ? (f.line ? `${f.path}:${f.line}` : f.path) : null,
    remediation: f.remediation ? inline(f.remediation) : null,
  }));
}
