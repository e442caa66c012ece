import { directoryMatches } from "./config.js";

/** What a Renovate config says about coverage (pure). */
export type RenovateParse =
  | {
      ok: true;
      enabled: boolean;
      enabledManagers: string[] | null;
      disabledManagers: string[];
      gitSubmodules: boolean;
      /** package files Renovate skips (`ignorePaths`, or the recommended preset's); absent: its built-in node_modules only */
      ignorePaths?: string[];
    }
  | { ok: false; message: string; /** package.json with no top-level "renovate" key: no config at all */ absent?: true };

const MAX_BYTES = 256 * 1024;

/** Renovate's managers for each Dependabot ecosystem name. */
export const RENOVATE_MANAGERS: Record<string, readonly string[]> = {
  npm: ["npm"],
  gomod: ["gomod"],
  pip: ["pip_requirements", "pip_setup", "pip-compile", "pipenv", "poetry", "pep621", "setup-cfg"],
  cargo: ["cargo"],
  maven: ["maven"],
  gradle: ["gradle"],
  bundler: ["bundler"],
  composer: ["composer"],
  docker: ["dockerfile"],
  "docker-compose": ["docker-compose"],
  "github-actions": ["github-actions"],
  nuget: ["nuget"],
  mix: ["mix"],
  pub: ["pub"],
  swift: ["swift"],
  terraform: ["terraform"],
  gitsubmodule: ["git-submodules"],
  elm: [],
};

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * Parse a Renovate config. `.json5` and `.renovaterc` may hold comments, trailing commas,
 * unquoted keys and single quotes: they are turned into JSON first (no JSON5 library here).
 */
export function parseRenovateConfig(path: string, content: string): RenovateParse {
  if (content.length > MAX_BYTES) return { ok: false, message: `the file is over ${MAX_BYTES} bytes` };
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (strictErr) {
    try {
      data = JSON.parse(json5ToJson(content));
    } catch {
      return { ok: false, message: `not valid JSON: ${(strictErr as Error).message}` };
    }
  }
  if (path.toLowerCase().endsWith("package.json")) {
    // "renovate" may be a dependency or a script name: only the top-level key is a config
    if (!isRec(data) || !("renovate" in data)) return { ok: false, message: 'package.json has no top-level "renovate" key', absent: true };
    data = data.renovate;
  }
  if (!isRec(data)) return { ok: false, message: "the config is not an object" };
  const managers = Array.isArray(data.enabledManagers) ? data.enabledManagers.filter((m): m is string => typeof m === "string") : null;
  const sub = data["git-submodules"];
  return {
    ok: true,
    enabled: data.enabled !== false,
    enabledManagers: managers,
    disabledManagers: disabledManagers(data),
    gitSubmodules: isRec(sub) && sub.enabled === true,
    ...ignorePathsOf(data),
  };
}

/** Presets that pull in `:ignoreModulesAndTests` (Renovate's onboarding default among them). */
const RECOMMENDED = new Set(["config:recommended", "config:base", "config:best-practices", ":ignoreModulesAndTests"]);
/** `:ignoreModulesAndTests`: example, test and vendored package files are not updated. */
export const RECOMMENDED_IGNORE_PATHS = ["**/node_modules/**", "**/bower_components/**", "**/vendor/**", "**/examples/**", "**/__tests__/**", "**/test/**", "**/tests/**", "**/__fixtures__/**"];

function ignorePathsOf(data: Rec): { ignorePaths?: string[] } {
  // the repository's own list replaces the presets' (ignorePaths does not merge)
  if (Array.isArray(data.ignorePaths)) return { ignorePaths: data.ignorePaths.filter((p): p is string => typeof p === "string") };
  const presets = typeof data.extends === "string" ? [data.extends] : Array.isArray(data.extends) ? data.extends : [];
  if (presets.some((p) => typeof p === "string" && RECOMMENDED.has(p))) return { ignorePaths: RECOMMENDED_IGNORE_PATHS };
  return {};
}

/** Renovate skips a package file whose path contains an ignorePaths entry or matches it as a glob. */
export function renovateIgnores(cfg: Extract<RenovateParse, { ok: true }>, path: string): boolean {
  return (cfg.ignorePaths ?? []).some((p) => p !== "" && (path.includes(p) || directoryMatches(p.replace(/^\.?\//, ""), path)));
}

const ALL_MANAGERS = new Set(Object.values(RENOVATE_MANAGERS).flat());

/**
 * Managers switched off outright: `"dockerfile": { "enabled": false }`, or a package rule that
 * matches on managers alone and sets `"enabled": false`. A rule with any other condition
 * (names, paths, update types) leaves the rest of the manager on, so it does not count.
 */
function disabledManagers(data: Rec): string[] {
  const off = new Set<string>();
  for (const m of ALL_MANAGERS) {
    const cfg = data[m];
    if (isRec(cfg) && cfg.enabled === false) off.add(m);
  }
  const rules = Array.isArray(data.packageRules) ? data.packageRules : [];
  for (const rule of rules) {
    if (!isRec(rule) || rule.enabled !== false || !Array.isArray(rule.matchManagers)) continue;
    const conditions = Object.keys(rule).filter((k) => k.startsWith("match") || k.startsWith("exclude"));
    if (conditions.length !== 1) continue;
    for (const m of rule.matchManagers) if (typeof m === "string") off.add(m);
  }
  return [...off];
}

/** Does the config update `ecosystem`? Renovate runs every manager it has unless told otherwise. */
export function renovateCovers(cfg: Extract<RenovateParse, { ok: true }>, ecosystem: string, path?: string): boolean {
  if (!cfg.enabled) return false;
  if (path !== undefined && renovateIgnores(cfg, path)) return false;
  const managers = (RENOVATE_MANAGERS[ecosystem] ?? []).filter((m) => !cfg.disabledManagers.includes(m));
  if (managers.length === 0) return false;
  // Renovate migrates the old "yarn" manager name to "npm"
  if (cfg.enabledManagers !== null) return managers.some((m) => cfg.enabledManagers!.map((e) => (e === "yarn" ? "npm" : e)).includes(m));
  // git submodules are off by default in Renovate
  if (ecosystem === "gitsubmodule") return cfg.gitSubmodules;
  return true;
}

/** One pass over the text: drop comments, quote bare keys, turn 'x' into "x", drop trailing commas. */
export function json5ToJson(src: string): string {
  let out = "";
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = "";
      while (j < n && src[j] !== c) {
        if (src[j] === "\\" && j + 1 < n) {
          s += src[j + 1] === "'" ? "'" : src.slice(j, j + 2);
          j += 2;
        } else {
          s += src[j] === '"' ? '\\"' : src[j];
          j++;
        }
      }
      out += `"${s}"`;
      i = j + 1;
    } else if (c === "/" && src[i + 1] === "/") {
      while (i < n && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (/[A-Za-z_$]/.test(c) && /[{,]\s*$/.test(out.slice(-64))) {
      let j = i;
      while (j < n && /[\w$-]/.test(src[j]!)) j++;
      const word = src.slice(i, j);
      out += word === "true" || word === "false" || word === "null" ? word : `"${word}"`;
      i = j;
    } else if (c === "," && /^[}\]]/.test(skipBlank(src, i + 1))) {
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** What follows `from`, past white space and comments (a trailing comma may have a comment after it). */
function skipBlank(src: string, from: number): string {
  let i = from;
  for (let guard = 0; guard < 64 && i < src.length; guard++) {
    const rest = src.slice(i, i + 2);
    if (/^\s/.test(rest)) i++;
    else if (rest === "//") {
      const nl = src.indexOf("\n", i);
      i = nl < 0 ? src.length : nl + 1;
    } else if (rest === "/*") {
      const end = src.indexOf("*/", i + 2);
      i = end < 0 ? src.length : end + 2;
    } else break;
  }
  return src.slice(i, i + 1);
}
