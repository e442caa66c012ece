import type { CheckDefinition, CheckResult, Finding } from "../checks/types.js";
import { inline, remediationParts } from "./format.js";

export interface IntroducedFinding {
  check: string;
  message: string;
  location: string | null;
  remediation: string | null;
  /** multi-line remediation, indented to sit under the list item */
  remediationBlock: string | null;
}

const key = (checkId: string, f: Finding) => `${checkId}\u0000${f.id}\u0000${f.fingerprint ?? `${f.path ?? ""}\u0000${f.message}`}`;

/**
 * What the pull request itself brings: failing or warning findings absent from the base branch
 * that sit in a file the PR touches, or, without a location, failures of a check whose score
 * the PR lowers. Findings about what GitHub did not tell us are not the author's doing.
 */
export function introducedFindings(
  base: readonly CheckResult[] | null,
  head: readonly CheckResult[],
  touched: ReadonlySet<string>,
): { checkId: string; finding: Finding }[] {
  const before = new Set((base ?? []).flatMap((c) => c.findings.map((f) => key(c.id, f))));
  const dropped = (id: string) => {
    const b = base?.find((c) => c.id === id)?.score;
    const a = head.find((c) => c.id === id)?.score;
    return b !== undefined && b !== null && a !== undefined && a !== null && a < b;
  };
  return head.flatMap((c) =>
    c.findings
      .filter((f) => (f.outcome === "fail" || f.outcome === "warn") && !before.has(key(c.id, f)))
      .filter((f) => (f.path ? touched.has(f.path) : f.outcome === "fail" && dropped(c.id)))
      .map((finding) => ({ checkId: c.id, finding })),
  );
}

export function introducedView(items: ReturnType<typeof introducedFindings>, defs: readonly CheckDefinition[], max = 10): IntroducedFinding[] {
  return items.slice(0, max).map(({ checkId, finding: f }) => ({
    check: defs.find((d) => d.id === checkId)?.title ?? checkId,
    message: inline(f.message),
    location: f.path ? (f.line ? `${f.path}:${f.line}` : f.path) : null,
    remediation: remediationParts(f.remediation).inline,
    remediationBlock: remediationParts(f.remediation).block,
  }));
}
