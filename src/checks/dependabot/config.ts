import { isSeq, LineCounter, parseDocument } from "yaml";

/** One `updates` entry of dependabot.yml, as far as coverage is concerned. */
export interface UpdateEntry {
  ecosystem: string;
  /** normalised: no leading or trailing "/", "" for the root; may hold globs */
  directories: string[];
  /** version updates off (`open-pull-requests-limit: 0`, or every version ignored): only security updates run */
  versionUpdatesOff: boolean;
  /** what turns them off, for the finding ("sets open-pull-requests-limit: 0") */
  offBecause?: string;
  /** `exclude-paths`: manifests Dependabot skips */
  excludePaths?: string[];
  line: number | null;
}

export type DependabotParse =
  | { ok: true; updates: UpdateEntry[]; problems: { message: string; line: number | null }[] }
  | { ok: false; message: string; line: number | null };

const MAX_BYTES = 256 * 1024;
const MAX_ALIASES = 1000;
type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === "object" && x !== null && !Array.isArray(x);

export function normaliseDirectory(d: string): string {
  let s = d.trim().replace(/\\/g, "/");
  while (s.startsWith("/") || s.startsWith("./")) s = s.startsWith("/") ? s.slice(1) : s.slice(2);
  while (s.endsWith("/")) s = s.slice(0, -1);
  return s === "." ? "" : s;
}

/** Parse dependabot.yml. Never throws: bad YAML or a wrong shape is a result with a line. */
export function parseDependabotConfig(content: string): DependabotParse {
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > MAX_BYTES) return { ok: false, message: `the file is ${bytes} bytes, over the ${MAX_BYTES}-byte limit`, line: null };
  const counter = new LineCounter();
  let data: unknown;
  let starts: (number | null)[] = [];
  const dupProblems: { message: string; line: number | null }[] = [];
  try {
    let doc = parseDocument(content, { lineCounter: counter, merge: true, prettyErrors: true });
    // Dependabot reads the file with Ruby's YAML, which keeps the last of duplicate keys
    // instead of refusing the file: so do we, and say so.
    const duplicates = doc.errors.filter((e) => e.code === "DUPLICATE_KEY");
    if (duplicates.length > 0 && duplicates.length === doc.errors.length) {
      for (const d of duplicates) dupProblems.push({ message: "a key appears twice in one mapping: Dependabot keeps the last one", line: d.linePos?.[0]?.line ?? null });
      doc = parseDocument(content, { lineCounter: new LineCounter(), merge: true, uniqueKeys: false });
    }
    const first = doc.errors[0];
    if (first) return { ok: false, message: first.message.split("\n")[0]!.trim(), line: first.linePos?.[0]?.line ?? null };
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
    const seq = doc.get("updates", true);
    if (isSeq(seq)) starts = seq.items.map((n) => {
      const range = (n as { range?: [number, number, number] } | null)?.range;
      return range ? counter.linePos(range[0]).line : null;
    });
  } catch (err) {
    return { ok: false, message: `YAML could not be read: ${(err as Error).message}`, line: null };
  }
  if (!isRec(data)) return { ok: false, message: "the file is not a YAML mapping", line: 1 };
  if (!Array.isArray(data.updates)) return { ok: false, message: "the file has no `updates` list", line: null };
  const updates: UpdateEntry[] = [];
  const problems: { message: string; line: number | null }[] = [...dupProblems];
  // Dependabot's schema requires version 2 (a quoted "2" is common and fine)
  if (data.version !== 2 && data.version !== "2") problems.push({ message: `\`version: 2\` is ${data.version === undefined ? "missing" : `${JSON.stringify(data.version)}, not 2`}: Dependabot may reject the file`, line: data.version === undefined ? 1 : null });
  data.updates.forEach((u: unknown, i: number) => {
    const line = starts[i] ?? null;
    if (!isRec(u) || typeof u["package-ecosystem"] !== "string") {
      problems.push({ message: `updates[${i}] has no package-ecosystem`, line });
      return;
    }
    const dirs = [
      ...(typeof u.directory === "string" ? [u.directory] : []),
      ...(Array.isArray(u.directories) ? u.directories.filter((d): d is string => typeof d === "string") : []),
    ];
    if (dirs.length === 0) problems.push({ message: `updates[${i}] (${u["package-ecosystem"]}) has no directory`, line });
    const offBecause = u["open-pull-requests-limit"] === 0 ? "sets open-pull-requests-limit: 0" : ignoresEveryVersion(u.ignore) ? 'ignores every version of "*"' : null;
    updates.push({
      ecosystem: u["package-ecosystem"].trim().toLowerCase(),
      directories: dirs.map(normaliseDirectory),
      versionUpdatesOff: offBecause !== null,
      ...(offBecause ? { offBecause } : {}),
      ...(Array.isArray(u["exclude-paths"]) ? { excludePaths: u["exclude-paths"].filter((p): p is string => typeof p === "string") } : {}),
      line,
    });
  });
  return { ok: true, updates, problems };
}

const ALL_UPDATE_TYPES = ["version-update:semver-major", "version-update:semver-minor", "version-update:semver-patch"];

/**
 * `ignore: [{ dependency-name: "*" }]`, with no `versions` and no `update-types` or all three:
 * the "security updates only" idiom. A narrower ignore (some versions, majors only) leaves updates on.
 */
function ignoresEveryVersion(ignore: unknown): boolean {
  if (!Array.isArray(ignore)) return false;
  return ignore.some((rule: unknown) => {
    if (!isRec(rule) || rule["dependency-name"] !== "*" || rule.versions !== undefined) return false;
    const types = rule["update-types"];
    if (types === undefined) return true;
    return Array.isArray(types) && ALL_UPDATE_TYPES.every((t) => types.includes(t));
  });
}

/**
 * Does a Dependabot `directory`/`directories` pattern name `dir`? `*` matches within one path
 * segment, `**` any number of segments (zero included). Segment by segment, so linear enough.
 */
export function directoryMatches(pattern: string, dir: string): boolean {
  const p = pattern === "" ? [] : pattern.split("/");
  const d = dir === "" ? [] : dir.split("/");
  // memo over (i, j): at most |p|·|d| states
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * 10007 + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === p.length) r = j === d.length;
    else if (p[i] === "**") r = go(i + 1, j) || (j < d.length && go(i, j + 1));
    else r = j < d.length && segmentMatches(p[i]!, d[j]!) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** `*` and `?` within one segment, case-sensitive like the file system Dependabot reads. */
function segmentMatches(pattern: string, name: string): boolean {
  if (!pattern.includes("*") && !pattern.includes("?")) return pattern === name;
  // classic two-pointer wildcard match, linear in practice
  let pi = 0;
  let ni = 0;
  let star = -1;
  let mark = 0;
  while (ni < name.length) {
    if (pi < pattern.length && (pattern[pi] === "?" || pattern[pi] === name[ni])) {
      pi++;
      ni++;
    } else if (pi < pattern.length && pattern[pi] === "*") {
      star = pi++;
      mark = ni;
    } else if (star >= 0) {
      pi = star + 1;
      ni = ++mark;
    } else return false;
  }
  while (pi < pattern.length && pattern[pi] === "*") pi++;
  return pi === pattern.length;
}
