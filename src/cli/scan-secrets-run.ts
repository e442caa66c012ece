/**
 * The work of `scan-secrets` (the entry, scan-secrets.ts, parses the arguments): a tree or files,
 * or the git index (`--staged`), rendered as text, JSON or SARIF.
 */
import { fs } from "../secrets/require.js";
import { createRequire } from "node:module";
import path from "node:path";
import type { SecretFinding } from "../facts/types.js";
import { finishScan, type FileScan, type ScanOptions } from "../secrets/engine.js";
import { fingerprintKey } from "../secrets/key.js";
import { scanPatch } from "../secrets/patch.js";
import { pathAllowlist } from "../secrets/paths.js";
import { reportJson, reportSarif, reportText, type ScanReport } from "../secrets/report.js";
import { RULES } from "../secrets/rules.js";
import type { Io, ScanFormat } from "./scan-secrets.js";
import { passFile, scanFile, type FileJob } from "./scan-secrets-files.js";
import type { ScanHelpers } from "./scan-secrets-pool.js";

const { existsSync, readdirSync, readFileSync, statSync } = fs;

/** Directories never walked: VCS data and installed dependencies are not the project's files. */
const SKIP_DIRS = new Set([".git", ".hg", ".svn", "node_modules"]);
const TOOL_VERSION = "0.1.0";

/** Runs a parsed command; `helpers` are threads already started for a tree (or null). */
export async function runScan(
  cmd: { format: ScanFormat; staged: boolean; paths: string[] },
  io: Io,
  helpers: ScanHelpers | null = null,
): Promise<number> {
  let report: ScanReport;
  try {
    const opts: ScanOptions = { key: fingerprintKey(null, { create: false }) };
    report = cmd.staged ? scanStaged(cmd.paths, opts) : await scanPaths(cmd.paths, opts, helpers);
  } catch (err) {
    io.err(`scorecard-bot scan-secrets: ${(err as Error).message}\n`);
    return 2;
  }
  const { format } = cmd;
  io.out(format === "json" ? reportJson(report) : format === "sarif" ? reportSarif(report, RULES, TOOL_VERSION) : reportText(report));
  return report.findings.some((f) => !f.suppressed) ? 1 : 0;
}

function emptyReport(): ScanReport {
  return { findings: [], filesScanned: 0, bytesScanned: 0, skipped: [] };
}

function add(report: ScanReport, r: FileScan): void {
  if (r.skipped) report.skipped.push({ path: r.path, reason: r.skipped });
  if (r.partial) report.skipped.push({ path: r.path, reason: r.partial });
  if (r.bytes > 0) report.filesScanned++;
  report.bytesScanned += r.bytes;
  for (const f of r.findings) report.findings.push(f);
}

/** Files and directory trees. An unreadable argument is an error (exit 2), not a clean result. */
export async function scanPaths(paths: string[], base: ScanOptions, helpers: ScanHelpers | null = null): Promise<ScanReport> {
  const report = emptyReport();
  const jobs: FileJob[] = [];
  for (const arg of paths) {
    let st;
    try {
      st = statSync(arg);
    } catch {
      throw new Error(`cannot read ${arg}: no such file or directory`);
    }
    if (st.isDirectory()) {
      const allow = pathAllowlist(allowPathsOf(arg));
      // path.join(arg, rel) for every file, normalised once (a name is never "." or "..")
      const prefix = path.join(arg, "x").slice(0, -1);
      const shownPrefix = toPosix(prefix);
      for (const rel of walk(arg)) {
        const glob = allow(rel);
        if (glob) report.skipped.push({ path: shownPrefix + rel, reason: `path allowlisted by "${glob}"` });
        else jobs.push({ shown: shownPrefix + rel, file: prefix + rel });
      }
    } else {
      jobs.push({ shown: toPosix(arg), file: arg });
    }
  }
  const results = helpers
    ? await helpers.run(jobs, base, (i, alloc) => passFile(jobs[i]!, base, alloc), (file) => finishScan(file, base))
    : jobs.map((j) => scanFile(j, base));
  for (const r of results) add(report, r);
  report.findings.sort(byPlace);
  return report;
}

/** Paths (posix, relative to `root`) of regular files under `root`; symbolic links are not followed. */
function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, prefix: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) visit(`${dir}${path.sep}${e.name}`, `${prefix}${e.name}/`);
      } else if (e.isFile()) out.push(`${prefix}${e.name}`);
    }
  };
  visit(root, "");
  return out.sort();
}

/** `secrets.allow_paths` of `<dir>/.github/scorecard.yml`, when there is one. */
function allowPathsOf(dir: string): string[] {
  const file = path.join(dir, ".github", "scorecard.yml");
  if (!existsSync(file)) return [];
  return globsFromConfig(readFileSync(file, "utf8"));
}

/** The `allow_paths:` list under `secrets:`, read without loading a YAML parser (startup time). */
export function globsFromConfig(yamlText: string): string[] {
  const lines = yamlText.split(/\r?\n/);
  const out: string[] = [];
  let inSecrets = false;
  let inAllow = false;
  for (const line of lines) {
    if (/^\S/.test(line)) {
      inSecrets = /^secrets\s*:/.test(line);
      inAllow = false;
      continue;
    }
    if (!inSecrets) continue;
    const key = /^\s+allow_paths\s*:\s*(\[.*\])?\s*$/.exec(line);
    if (key) {
      if (key[1]) out.push(...key[1].slice(1, -1).split(",").map(unquote).filter(Boolean));
      inAllow = !key[1];
      continue;
    }
    const item = inAllow ? /^\s+-\s+(.+?)\s*$/.exec(line) : null;
    if (item) out.push(unquote(item[1]!));
    else if (/^\s+\S/.test(line) && !/^\s+#/.test(line)) inAllow = false;
  }
  return out;
}

const unquote = (s: string) => s.trim().replace(/\s+#.*$/, "").replace(/^(["'])(.*)\1$/, "$2");

/** The added lines of the git index against HEAD (for a pre-commit hook). */
export function scanStaged(pathspecs: string[], base: ScanOptions, cwd = process.cwd()): ScanReport {
  const top = git(["-C", cwd, "rev-parse", "--show-toplevel"]).trim();
  const diff = git(["-C", top, "-c", "core.quotePath=false", "diff", "--cached", "--no-color", "--no-ext-diff", "--unified=0", "--diff-filter=ACMR", "--", ...pathspecs.map((p) => path.resolve(cwd, p))]);
  const cfg = path.join(top, ".github", "scorecard.yml");
  const staged = tryGit(["-C", top, "show", ":.github/scorecard.yml"]);
  const opts: ScanOptions = { ...base, allowPath: pathAllowlist(globsFromConfig(staged ?? (existsSync(cfg) ? readFileSync(cfg, "utf8") : ""))) };
  const report = emptyReport();
  for (const { file, patch } of splitDiff(diff)) add(report, scanPatch(file, patch, opts));
  report.findings.sort(byPlace);
  return report;
}

/** One entry per file of `git diff` output: the new path and its hunks. */
export function splitDiff(diff: string): { file: string; patch: string }[] {
  const out: { file: string; patch: string }[] = [];
  let cur: { file: string; lines: string[] } | null = null;
  for (const line of diff.split("\n")) {
    if (line.startsWith("diff --git ")) {
      if (cur) out.push({ file: cur.file, patch: cur.lines.join("\n") });
      cur = { file: "", lines: [] };
    } else if (cur && line.startsWith("+++ ") && cur.lines.length === 0) {
      cur.file = gitPath(line.slice(4));
    } else if (cur && (line.startsWith("@@") || cur.lines.length > 0)) {
      cur.lines.push(line);
    }
  }
  if (cur) out.push({ file: cur.file, patch: cur.lines.join("\n") });
  return out.filter((e) => e.file !== "" && e.patch !== "");
}

/** `b/path` or a C-quoted `"b/pa\"th"` → `path`. */
function gitPath(s: string): string {
  let p = s.replace(/\t$/, "");
  if (p.startsWith('"') && p.endsWith('"')) {
    p = p.slice(1, -1).replace(/\\(["\\tn])/g, (_m, c: string) => (c === "t" ? "\t" : c === "n" ? "\n" : c));
  }
  return p.startsWith("b/") ? p.slice(2) : p;
}

// loaded for --staged only: node:child_process costs a tree scan several milliseconds of startup
let loaded: typeof import("node:child_process") | undefined;
const childProcess = () => (loaded ??= createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process"));

function git(args: string[]): string {
  try {
    return childProcess().execFileSync("git", args, { encoding: "utf8", maxBuffer: 512 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? "").trim();
    const shown = args.filter((a, i) => !a.startsWith("/") && a !== "-C" && a !== "-c" && args[i - 1] !== "-c");
    throw new Error(`git ${shown.slice(0, 3).join(" ")} failed${stderr ? `: ${stderr.split("\n")[0]}` : ""}`);
  }
}

function tryGit(args: string[]): string | null {
  try {
    return childProcess().execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

const toPosix = (p: string) => p.split(path.sep).join("/");
const byPlace = (a: SecretFinding, b: SecretFinding) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column);
