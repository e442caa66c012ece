import type { RepoFacts } from "../../facts/types.js";
import type { Component } from "./analyses.js";
import { codeqlLanguagesOf, type CodeqlLanguage } from "./languages.js";
import { MAX, POINTS, REMEDIATION } from "./rubric.js";
import type { Tally } from "./tally.js";

/** With nothing set up, a repository without any language CodeQL reads is not applicable, not a 0. */
export function noCodeqlLanguage(facts: RepoFacts): string | null {
  const lf = facts.languages;
  if (!lf.ok || codeqlLanguagesOf(lf.value).size > 0) return null;
  if (facts.workflows.ok && facts.workflows.value.length > 0) return null;
  const names = Object.keys(lf.value);
  return `no language CodeQL can analyse is in the repository${names.length ? ` (${names.slice(0, 5).join(", ")})` : ""}: not applicable, left out of the total`;
}

/** The repository's CodeQL languages against those analysed; `actions` named, not scored. */
export function judgeLanguages(facts: RepoFacts, t: Tally): Component {
  const r = judgeCodeLanguages(facts, t);
  const hasWorkflows = facts.workflows.ok && facts.workflows.value.length > 0;
  // CodeQL's newest language; named so people know, left out of the score so older setups are not marked down.
  if (hasWorkflows && t.setup > 0 && !t.coversAll && t.opaque.length === 0 && !t.covered.has("actions")) {
    t.findings.push({ id: "codeqlActionsAnalysed", outcome: "warn", message: "The repository has GitHub Actions workflows, but CodeQL's `actions` language is not analysed (named, not scored).", remediation: REMEDIATION.language("actions") });
  }
  return r;
}

function judgeCodeLanguages(facts: RepoFacts, t: Tally): Component {
  const lf = facts.languages;
  if (!lf.ok) {
    t.unavailable.push("languages");
    return { earned: 0, max: 0, summary: "" };
  }
  const present = codeqlLanguagesOf(lf.value);
  if (present.size === 0) return { earned: 0, max: 0, summary: "no language CodeQL analyses was detected" };
  const total = [...present.values()].reduce((a, b) => a + b, 0);
  const isCovered = (l: CodeqlLanguage) => t.setup > 0 && (t.coversAll || t.covered.has(l));
  const missing = [...present.keys()].filter((l) => !isCovered(l));
  if (missing.length > 0 && t.opaque.length > 0 && t.setup > 0) {
    for (const l of missing) {
      t.findings.push({ id: "codeqlLanguageCovered", outcome: "unknown", message: `${l} is in the repository; the analysed languages come from ${t.opaque.join(", ")}, which could not be expanded.` });
    }
    t.unavailable.push("language coverage (languages set by an expression)");
    return { earned: 0, max: 0, summary: "" };
  }
  let coveredWeight = 0;
  for (const [l, w] of present) {
    if (isCovered(l)) {
      coveredWeight += w;
      t.findings.push({ id: "codeqlLanguageCovered", outcome: "pass", message: `${l} is analysed by CodeQL.` });
    } else {
      t.findings.push({ id: "codeqlLanguageCovered", outcome: "fail", message: `${l} is in the repository (${share(w, total)} of its CodeQL languages) but no CodeQL analysis covers it.`, remediation: REMEDIATION.language(l) });
    }
  }
  const earned = POINTS.languages * (coveredWeight / total);
  const summary = `${present.size - missing.length} of ${present.size} languages analysed${missing.length ? ` (missing: ${missing.join(", ")})` : ""}`;
  return { earned, max: MAX.languages, summary };
}

function share(part: number, total: number): string {
  return `${Math.round((part / total) * 100)}%`;
}
