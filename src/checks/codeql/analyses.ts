import { describeUnavailable } from "../../facts/fact.js";
import type { CodeqlAnalysis, RepoFacts } from "../../facts/types.js";
import { normalizeCodeqlLanguage } from "./languages.js";
import { MAX, POINTS, RECENT_DAYS, REMEDIATION } from "./rubric.js";
import { raiseSetup, type Tally } from "./tally.js";

const DAY_MS = 86_400_000;

export interface Component {
  earned: number;
  /** 0 when the component could not be judged: it then leaves the maximum */
  max: number;
  summary: string;
}

/** Recent CodeQL analyses: proof that scanning runs, and which languages it covers. */
export function judgeAnalyses(facts: RepoFacts, t: Tally): Component {
  const an = facts.codeqlAnalyses;
  if (!an.ok) {
    t.unavailable.push("CodeQL analyses");
    t.findings.push({ id: "codeqlAnalysesRecent", outcome: "unknown", message: `CodeQL analyses: ${describeUnavailable(an)}.` });
    return { earned: 0, max: 0, summary: "" };
  }
  if (an.value.length === 0) {
    t.findings.push({ id: "codeqlAnalysesRecent", outcome: "fail", message: "GitHub holds no CodeQL analysis for this repository.", remediation: REMEDIATION.setup });
    return { earned: 0, max: MAX.analyses, summary: "no CodeQL analyses on GitHub" };
  }
  for (const a of an.value) {
    const l = a.language ? normalizeCodeqlLanguage(a.language) : null;
    if (l) t.covered.add(l);
  }
  if (t.setup === 0) raiseSetup(t, POINTS.setup.analysesOnly, "CodeQL analyses exist, but no configuration was found in the repository");
  const newest = an.value.reduce((a: CodeqlAnalysis, b) => (Date.parse(b.createdAt) > Date.parse(a.createdAt) ? b : a));
  const pushed = facts.repo.pushedAt ? Date.parse(facts.repo.pushedAt) : NaN;
  if (Number.isNaN(pushed)) {
    t.findings.push({ id: "codeqlAnalysesRecent", outcome: "warn", message: `The newest CodeQL analysis is from ${newest.createdAt}; the last push time is unknown, so its recency was not judged.` });
    return { earned: POINTS.analyses.undated, max: MAX.analyses, summary: `newest analysis ${newest.createdAt}` };
  }
  const days = Math.max(0, (pushed - Date.parse(newest.createdAt)) / DAY_MS);
  if (days <= RECENT_DAYS) {
    t.findings.push({ id: "codeqlAnalysesRecent", outcome: "pass", message: `The newest CodeQL analysis (${newest.createdAt}) is within ${RECENT_DAYS} days of the last push.` });
    return { earned: POINTS.analyses.recent, max: MAX.analyses, summary: "analyses are recent" };
  }
  t.findings.push({ id: "codeqlAnalysesRecent", outcome: "fail", message: `The newest CodeQL analysis (${newest.createdAt}) is ${Math.floor(days)} days older than the last push (${facts.repo.pushedAt}).`, remediation: REMEDIATION.stale });
  return { earned: POINTS.analyses.stale, max: MAX.analyses, summary: `the newest analysis is ${Math.floor(days)} days older than the last push` };
}
