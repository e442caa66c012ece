import type { UpdateEntry } from "./config.js";
import { directoryMatches } from "./config.js";
import { hasOwnLockfile, type EcosystemDir } from "./ecosystems.js";
import { renovateCovers, type RenovateParse } from "./renovate.js";

export interface Covered {
  dir: EcosystemDir;
  /** the tool that updates it, or null */
  by: "Dependabot" | "Renovate" | null;
  /** the dependabot.yml line of the entry that covers it */
  line: number | null;
  /** uncovered on purpose: the dependabot.yml line of the entry whose exclude-paths skips it, or Renovate's ignorePaths */
  excluded?: { by: "Dependabot"; line: number | null } | { by: "Renovate" };
}

/** Config ecosystems that update a detected one (Dependabot's newer names for the same files). */
const ACCEPTS: Record<string, readonly string[]> = { pip: ["pip", "uv"], npm: ["npm", "bun"] };

/**
 * Build tools that read nested modules from the root manifest (Maven modules, Gradle and Cargo
 * workspaces, .NET solutions, npm/yarn/pnpm workspaces): a nested directory is covered when an
 * ancestor of the same ecosystem is. For npm only when the nested directory has no lockfile of its
 * own, since workspace members share the root's lockfile.
 */
const NESTED = new Set(["maven", "gradle", "cargo", "nuget", "npm"]);

export function coverage(dirs: readonly EcosystemDir[], updates: readonly UpdateEntry[], renovate: Extract<RenovateParse, { ok: true }> | null): Covered[] {
  const active = updates.filter((u) => !u.versionUpdatesOff);
  const direct = (d: EcosystemDir): UpdateEntry | undefined =>
    active.find((u) => (ACCEPTS[d.ecosystem] ?? [d.ecosystem]).includes(u.ecosystem) && u.directories.some((p) => matchesDir(d.ecosystem, p, d.directory)) && !excludesAll(u, d));
  const directHits = new Map(dirs.map((d) => [d, direct(d)]));
  return dirs.map((d) => {
    let entry = directHits.get(d);
    if (!entry && d.ecosystem === "pip" && d.directory !== "" && d.paths.every((p) => p.toLowerCase().endsWith(".txt"))) {
      // Dependabot's pip reads the requirements files of each child directory of its own
      // (requirements/dev.txt, docs/requirements.txt) along with the directory's
      const parent = d.directory.includes("/") ? d.directory.slice(0, d.directory.lastIndexOf("/")) : "";
      entry = active.find((u) => (ACCEPTS.pip ?? []).includes(u.ecosystem) && u.directories.some((p) => directoryMatches(p, parent)) && !excludesAll(u, d));
    }
    if (!entry && NESTED.has(d.ecosystem) && !hasOwnLockfile(d)) {
      const ancestor = dirs.find((a) => a !== d && a.ecosystem === d.ecosystem && isAncestor(a.directory, d.directory) && directHits.get(a));
      if (ancestor) entry = directHits.get(ancestor);
      if (entry && excludesAll(entry, d)) entry = undefined;
    }
    if (entry) return { dir: d, by: "Dependabot", line: entry.line };
    if (renovate && renovateCovers(renovate, d.ecosystem, d.paths[0])) return { dir: d, by: "Renovate", line: null };
    const excluder = active.find((u) => (ACCEPTS[d.ecosystem] ?? [d.ecosystem]).includes(u.ecosystem) && excludesAll(u, d));
    if (excluder) return { dir: d, by: null, line: null, excluded: { by: "Dependabot", line: excluder.line } };
    if (renovate && renovateCovers(renovate, d.ecosystem)) return { dir: d, by: null, line: null, excluded: { by: "Renovate" } };
    return { dir: d, by: null, line: null };
  });
}

/**
 * Does the entry's `exclude-paths` skip every manifest of `d`? GitHub documents the patterns as
 * relative to the repository root, and users find them read relative to `directory`: a path
 * excluded under either reading is taken as excluded, since either way that is what was asked.
 */
function excludesAll(u: UpdateEntry, d: EcosystemDir): boolean {
  const patterns = u.excludePaths ?? [];
  if (patterns.length === 0) return false;
  return d.paths.every((path) => patterns.some((p) => pathExcluded(p, path) || u.directories.some((base) => base !== "" && !/[*?]/.test(base) && path.startsWith(`${base}/`) && pathExcluded(p, path.slice(base.length + 1)))));
}

function pathExcluded(pattern: string, path: string): boolean {
  const p = pattern.trim().replace(/^\.?\/+/, "");
  if (p === "") return false;
  if (p.endsWith("/")) return path.startsWith(p);
  if (!/[*?]/.test(p)) return path === p || path.startsWith(`${p}/`);
  return directoryMatches(p, path) || directoryMatches(`${p}/**`, path);
}

function matchesDir(ecosystem: string, pattern: string, dir: string): boolean {
  // Dependabot accepts "/" and "/.github/workflows" alike for github-actions.
  if (ecosystem === "github-actions" && (pattern === ".github/workflows" || pattern === ".github")) return dir === "";
  return directoryMatches(pattern, dir);
}

function isAncestor(a: string, d: string): boolean {
  return a === "" ? d !== "" : d.startsWith(a + "/");
}
