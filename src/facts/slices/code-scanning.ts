import { known, unavailable, type Fact } from "../fact.js";
import type { FactSource } from "../source.js";
import type { CodeqlAnalysis, CodeScanningDefaultSetup } from "../types.js";

const SECURITY_EVENTS = "Security events: read";
/** Enough to see the latest run of each language, few enough for one request. */
const ANALYSES_MAX = 30;

/**
 * Default setup's state. The newest CodeQL analysis of the default branch already tells it, so
 * then no request is spent: default setup uploads under the analysis key
 * `dynamic/github-code-scanning/codeql:analyze`, and while it is on GitHub refuses CodeQL uploads
 * of an advanced (workflow) setup, so a newest analysis of another key means it is off. Without
 * an analysis to go by, GET /code-scanning/default-setup is asked.
 */
export async function collectCodeScanningDefaultSetup(src: FactSource): Promise<Fact<CodeScanningDefaultSetup>> {
  if (!src.api) return unavailable("a local checkout cannot show this GitHub setting");
  const an = await analysesAnswer(src);
  if (an.ok) {
    const ofDefault = an.value.filter((a) => a.ref === `refs/heads/${src.repo.defaultBranch}` && typeof a.analysis_key === "string");
    const newest = ofDefault.reduce<AnalysisPayload | undefined>((a, b) => (a === undefined || b.created_at > a.created_at ? b : a), undefined);
    if (newest) {
      if (!isDefaultSetup(newest)) return known({ state: "not-configured", languages: [], updatedAt: null });
      const languages = [...new Set(ofDefault.filter(isDefaultSetup).map(analysisLanguage).filter((l): l is string => l !== null))];
      return known({ state: "configured", languages, updatedAt: null });
    }
  }
  const r = await src.api.get<{ state?: string; languages?: string[]; updated_at?: string | null }>(
    "GET /repos/{owner}/{repo}/code-scanning/default-setup",
    {},
    // GitHub files this endpoint under the Administration permission, not Security events.
    { permission: "Administration: read" },
  );
  if (!r.ok) return r;
  return known({
    state: r.value.state === "configured" ? "configured" : "not-configured",
    languages: Array.isArray(r.value.languages) ? r.value.languages.filter((l) => typeof l === "string") : [],
    updatedAt: r.value.updated_at ?? null,
  });
}

const isDefaultSetup = (a: AnalysisPayload): boolean => a.analysis_key!.startsWith("dynamic/github-code-scanning/");

interface AnalysisPayload {
  created_at: string;
  ref: string;
  analysis_key?: string | null;
  category?: string | null;
  environment?: string | null;
}

/** The analyses answer serves two facts (analyses, default setup); the reader asks once per scan. */
function analysesAnswer(src: FactSource): Promise<Fact<AnalysisPayload[]>> {
  // GitHub answers 404 "no analysis found" when code scanning never ran: that is an empty list.
  return src.api!.list<AnalysisPayload>(
    "GET /repos/{owner}/{repo}/code-scanning/analyses",
    { tool_name: "CodeQL", per_page: ANALYSES_MAX },
    { permission: SECURITY_EVENTS, notFound: [], max: ANALYSES_MAX },
  );
}

export async function collectCodeqlAnalyses(src: FactSource): Promise<Fact<CodeqlAnalysis[]>> {
  if (!src.api) return unavailable("a local checkout holds no code scanning analyses: they live on GitHub");
  const r = await analysesAnswer(src);
  if (!r.ok) return r;
  return known(
    r.value
      .map((a) => ({ createdAt: a.created_at, ref: a.ref, category: a.category ?? null, language: analysisLanguage(a) }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  );
}

/** CodeQL writes the language in the category (`/language:python`) or the environment JSON. */
export function analysisLanguage(a: { category?: string | null; environment?: string | null }): string | null {
  const m = /language:([A-Za-z0-9_+#-]+)/.exec(a.category ?? "");
  if (m) return m[1]!.toLowerCase();
  try {
    const env = JSON.parse(a.environment ?? "null") as { language?: unknown } | null;
    if (env && typeof env.language === "string") return env.language.toLowerCase();
  } catch {
    // environment is free-form; no language then
  }
  return null;
}

/**
 * Languages from the file list, for both sources: the same answer from a checkout and from
 * GitHub, and no request (GitHub's languages API would cost one per repository scan).
 */
export async function collectLanguages(src: FactSource): Promise<Fact<Record<string, number>>> {
  const tree = await src.listFiles();
  if (!tree.ok) return tree;
  return known(languagesFromPaths(tree.value));
}

/** Linguist's names for the extensions CodeQL can analyse; other languages do not matter here. */
const EXTENSIONS: Record<string, string> = {
  js: "JavaScript", mjs: "JavaScript", cjs: "JavaScript", jsx: "JavaScript",
  ts: "TypeScript", tsx: "TypeScript", mts: "TypeScript", cts: "TypeScript",
  vue: "Vue",
  py: "Python", pyw: "Python",
  java: "Java", kt: "Kotlin", kts: "Kotlin",
  go: "Go",
  rb: "Ruby", rake: "Ruby", gemspec: "Ruby",
  cs: "C#",
  c: "C", h: "C",
  cc: "C++", cpp: "C++", cxx: "C++", "c++": "C++", hh: "C++", hpp: "C++", hxx: "C++",
  swift: "Swift",
};

/**
 * Paths linguist leaves out of a repository's languages (vendored, generated, documentation).
 * Without them a docs/conf.py or a vendored minified script would count as a language.
 */
const IGNORED = /(^|\/)(node_modules|vendor|third[_-]party|dist|build|docs?|\.yarn|bower_components)\/|\.min\.js$|\.d\.ts$/i;

/** Languages of a tree. Weights are file counts (a checkout's file list has no sizes). */
export function languagesFromPaths(paths: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of paths) {
    if (IGNORED.test(p)) continue;
    const dot = p.lastIndexOf(".");
    if (dot < 0 || dot < p.lastIndexOf("/")) continue;
    const lang = EXTENSIONS[p.slice(dot + 1).toLowerCase()];
    if (lang) out[lang] = (out[lang] ?? 0) + 1;
  }
  return out;
}
