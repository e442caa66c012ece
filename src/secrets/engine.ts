/**
 * The scanner. Text is scanned as UTF-8 bytes (RE2 works on bytes; handing it a JS string makes
 * it re-encode the string on every call). One pass finds where the rules' keywords occur and, in
 * the same pass, where the generic rule matches, whose keywords occur in nearly every file
 * (compile.ts; run by prebuilt automata, pass-dfa.ts, or by RE2); then only the rules whose
 * keywords occur run: at their keywords, over their keywords' lines, or over the whole buffer
 * (rule.ts). The two stages (`passBuffer`,
 * `finishScan`) can run in two threads (scan-secrets-pool.ts).
 * The raw secret exists only inside the scanner: what leaves is the rule, the place, a keyed
 * fingerprint and a 4-character preview.
 */
import type { SecretFinding } from "../facts/types.js";
import { binaryReason, binaryReasonOfText } from "./binary.js";
import { candidateRules, compileRules, passHits, regexOf, resolveHits, stickyOf, type BufferMatch, type PassHits } from "./compile.js";
import { fingerprint, preview } from "./mask.js";
import { countNewlines } from "./newlines.js";
import { isPlaceholder, shannonEntropy } from "./placeholders.js";
import type { RE2 } from "./require.js";
import type { Rule } from "./rule.js";
import { RULES } from "./rules.js";
import { suppressionOn } from "./suppress.js";

export interface ScanOptions {
  /** key of the keyed fingerprint (see key.ts) */
  key: Buffer;
  /** larger files are skipped and reported (default 2 MiB) */
  maxFileBytes?: number;
  /** longer lines are not scanned and are reported (default 1 MiB: a minified bundle holds keys too) */
  maxLineBytes?: number;
  /** returns the matching glob when a path is allowlisted (see paths.ts) */
  allowPath?: (path: string) => string | null;
  rules?: readonly Rule[];
}

export interface FileScan {
  path: string;
  findings: SecretFinding[];
  /** bytes actually scanned (0 when the file was skipped) */
  bytes: number;
  /** why the whole file was not scanned, or null */
  skipped: string | null;
  /** why part of the file was not scanned (over-long lines), or null */
  partial: string | null;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** Scan a file's text. */
export function scanText(path: string, text: string, opts: ScanOptions): FileScan {
  const pre = preflight(path, Buffer.byteLength(text), opts);
  if (pre) return pre;
  const bin = binaryReasonOfText(text);
  if (bin) return skip(path, bin);
  return scanChecked(path, Buffer.from(text, "utf8"), opts, null);
}

/** Scan a file's bytes as read from disk or a blob. */
export function scanBuffer(path: string, buf: Buffer, opts: ScanOptions): FileScan {
  const passed = passBuffer(path, buf, opts);
  return "findings" in passed ? passed : finishScan(passed, opts);
}

/**
 * A file through the first stage of a scan: checked (size, binary, allowlist), over-long lines
 * blanked, and the keyword pass run. `finishScan` does the rest, here or in a helper thread that
 * is handed the bytes and the pass (scan-secrets-pool.ts).
 */
export interface PassedFile {
  path: string;
  /** the bytes to scan: the file's, or a copy with its over-long lines blanked */
  buf: Buffer;
  /** the file's size */
  bytes: number;
  partial: string | null;
  /**
   * Where the keyword pass matched (compile.ts, passHits); null when the file has too many
   * keyword hits for the pass, or the rules fold none into it (each rule's own prefilter decides)
   */
  hits: PassHits | null;
}

/**
 * Where to read the next file of `size` bytes to be scanned (`passBuffer`, then `finishScan`) before
 * the one after it is read: memory of the keyword pass's automata, which then need not copy it;
 * null when the pass does not run on them.
 */
export function inputBuffer(size: number, opts: ScanOptions): Buffer | null {
  return compileRules(opts.rules ?? RULES).dfa()?.input(size) ?? null;
}

/** The first stage of `scanBuffer`: a result when the file is skipped, else a `PassedFile`. */
export function passBuffer(path: string, buf: Buffer, opts: ScanOptions): FileScan | PassedFile {
  const pre = preflight(path, buf.length, opts);
  if (pre) return pre;
  const bin = binaryReason(buf);
  if (bin) return skip(path, bin);
  return passChecked(path, buf, opts);
}

function preflight(path: string, size: number, opts: ScanOptions): FileScan | null {
  const glob = opts.allowPath?.(path);
  if (glob) return skip(path, `path allowlisted by "${glob}"`);
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (size > max) return skip(path, `${size} bytes, over the ${max}-byte limit`);
  return null;
}

const skip = (path: string, reason: string): FileScan => ({ path, findings: [], bytes: 0, skipped: reason, partial: null });

interface Candidate {
  rule: number;
  start: number;
  end: number;
  /** where the finding is reported (byte offset) */
  at: number;
  secret: string;
}

/**
 * `lineOf` maps the line number within `buf` to the line to report (for a patch: the new file's
 * line); null means the same.
 */
export function scanChecked(path: string, input: Buffer, opts: ScanOptions, lineOf: ((n: number) => number) | null): FileScan {
  return finishScan(passChecked(path, input, opts), opts, lineOf);
}

function passChecked(path: string, input: Buffer, opts: ScanOptions): PassedFile {
  const compiled = compileRules(opts.rules ?? RULES);
  const { buf, partial } = blankLongLines(input, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  return { path, buf, bytes: input.length, partial, hits: compiled.pass ? passHits(compiled, buf) : null };
}

/** The second stage of a scan: the rules the pass enabled, then the findings. */
export function finishScan(file: PassedFile, opts: ScanOptions, lineOf: ((n: number) => number) | null = null): FileScan {
  const { path, buf } = file;
  const compiled = compileRules(opts.rules ?? RULES);
  const pass = file.hits && resolveHits(compiled, buf, file.hits);
  const candidates: Candidate[] = [];
  for (const ri of pass ? pass.rules : candidateRules(compiled, buf)) {
    const rule = compiled.rules[ri]!;
    // the pass found where the folded rule matches; a rule that starts at its keywords, where they are
    const starts = !pass
      ? null
      : ri === compiled.folded
        ? pass.folded
        : (rule.onKeywordLines && rule.startsAtKeyword) || (pass.anchored && rule.startsWith !== undefined)
          ? (pass.at[ri] ?? [])
          : null;
    if (starts) {
      runAtKeywords(rule, ri, stickyOf(compiled, ri), buf, starts, candidates);
      if (candidates.length >= MAX_CANDIDATES) break;
      continue;
    }
    const re = regexOf(compiled, ri);
    if (pass && rule.onKeywordLines) {
      runOnLines(rule, ri, re, buf, pass.at[ri] ?? [], candidates);
    } else {
      re.lastIndex = 0;
      for (let m = re.exec(buf) as BufferMatch | null; m !== null; m = re.exec(buf) as BufferMatch | null) {
        const next = consider(rule, ri, m, buf, candidates, 0);
        if (next < 0) break;
        re.lastIndex = next;
      }
    }
    if (candidates.length >= MAX_CANDIDATES) break;
  }
  const kept = resolveOverlaps(candidates);
  let note = file.partial;
  if (candidates.length >= MAX_CANDIDATES) note = [note, `matching stopped after ${MAX_CANDIDATES} candidate matches`].filter(Boolean).join("; ");
  if (kept.length > MAX_FINDINGS_PER_FILE) {
    note = [note, `${kept.length} findings, only the first ${MAX_FINDINGS_PER_FILE} reported`].filter(Boolean).join("; ");
    kept.length = MAX_FINDINGS_PER_FILE;
  }
  const where = new Locator(buf);
  const findings = kept.map((c) => toFinding(path, where, c, compiled.rules[c.rule]!, opts.key, lineOf));
  return { path, findings, bytes: file.bytes, skipped: null, partial: note };
}

/**
 * A rule whose matches lie within one line holding its keyword (`Rule.onKeywordLines`), run over
 * those lines only (`offsets`: where the keyword pass saw its keywords, ascending). It finds what a
 * run over the whole buffer finds: no match can lie elsewhere, and the search resumes where a
 * whole-buffer run would (after a PEM body, say, which spans lines).
 */
function runOnLines(rule: Rule, ri: number, re: RE2, buf: Buffer, offsets: number[], candidates: Candidate[]): void {
  let lineEnd = 0;
  let resume = 0;
  for (const p of offsets) {
    if (p < lineEnd) continue;
    const start = p === 0 ? 0 : buf.lastIndexOf(10, p - 1) + 1;
    const nl = buf.indexOf(10, p);
    lineEnd = nl === -1 ? buf.length : nl + 1;
    if (resume >= lineEnd) continue;
    const line = buf.subarray(start, lineEnd);
    re.lastIndex = Math.max(0, resume - start);
    for (let m = re.exec(line) as BufferMatch | null; m !== null; m = re.exec(line) as BufferMatch | null) {
      resume = consider(rule, ri, m, buf, candidates, start);
      if (resume < 0) return;
      if (resume >= lineEnd) break;
      re.lastIndex = resume - start;
    }
  }
}

/**
 * A rule run anchored at each of `offsets` (ascending; `re` is sticky): where its matches can start
 * (its keywords: `Rule.startsAtKeyword`; the folded rule: where the pass saw it match). It finds
 * what a search from the file's start finds: that search's next match starts at the first of these
 * offsets, from where it resumes, at which the rule matches.
 */
function runAtKeywords(rule: Rule, ri: number, re: RE2, buf: Buffer, offsets: number[], candidates: Candidate[]): void {
  let resume = 0;
  for (const p of offsets) {
    if (p < resume) continue;
    re.lastIndex = p;
    const m = re.exec(buf) as BufferMatch | null;
    if (!m) continue;
    resume = consider(rule, ri, m, buf, candidates, 0);
    if (resume < 0) return;
  }
}

/**
 * One match of rule `ri`, found `base` bytes into `buf`: adds it to `candidates` when it is a
 * secret. Returns the offset in `buf` where the search resumes (right after the secret: the
 * character that ended it may start the next token), or -1 when the rule must stop.
 */
function consider(rule: Rule, ri: number, m: BufferMatch, buf: Buffer, candidates: Candidate[], base: number): number {
  const g = rule.secretGroup ?? 1;
  const spanIn = m.indices?.[g] ?? m.indices?.[0];
  const wholeIn = m.indices?.[0];
  if (!spanIn || !wholeIn) return -1;
  const at = m.index + base;
  const span = [spanIn[0] + base, rule.clip ? clipEnd(buf, spanIn[0] + base, spanIn[1] + base, rule.clip) : spanIn[1] + base] as const;
  const whole = [wholeIn[0] + base, wholeIn[1] + base] as const;
  if (rule.wordStart && at > 0 && isWordByte(buf[at - 1]!)) return at + 1;
  const groups = Array.from({ length: m.length }, (_, i) => m[i]);
  if (rule.within && !rule.within(groups)) return at + 1;
  const before = rule.before ? buf.toString("latin1", Math.max(0, at - 40), at) : "";
  if (rule.before && !rule.before(before)) return at + 1;
  const [start, end] = rule.extend ? (rule.extend(buf, whole[1]) ?? [-1, -1]) : span;
  const next = Math.max(rule.extend ? Math.max(end, whole[1]) : span[1], at + 1);
  if (start < 0) return next;
  const secret = rule.extend || rule.clip ? buf.toString("utf8", start, end) : (groups[g] ?? groups[0]!).toString("utf8");
  if (!acceptable(rule, secret, groups, before)) return next;
  candidates.push({ rule: ri, start, end, at: rule.locateAtMatchStart ? whole[0] : start, secret });
  return candidates.length >= MAX_CANDIDATES ? -1 : next;
}

/** The offset `chars` characters (UTF-8 code points) after `start`, at most `end`. */
function clipEnd(buf: Buffer, start: number, end: number, chars: number): number {
  if (end - start <= chars) return end;
  let i = start;
  // a code point starts at every byte that is not a continuation byte (10xxxxxx)
  for (let n = 0; i < end; i++) if ((buf[i]! & 0xc0) !== 0x80 && n++ === chars) break;
  return i;
}

/** A generated or hostile file can hold thousands of matches: report a bounded number. */
export const MAX_FINDINGS_PER_FILE = 500;

const isWordByte = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f;

function acceptable(rule: Rule, secret: string, groups: (Buffer | undefined)[], before: string): boolean {
  if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) return false;
  if (!rule.skipSharedPlaceholders && isPlaceholder(secret)) return false;
  if (rule.allow) {
    const strings = Array.from({ length: groups.length }, (_, i) => groups[i]?.toString("utf8"));
    if (rule.allow(secret, strings, before)) return false;
  }
  return true;
}

const MAX_CANDIDATES = 20 * MAX_FINDINGS_PER_FILE;

/**
 * Where two rules claim the same characters, the earlier (more specific) rule wins. Candidates
 * are grouped into runs of overlapping spans, so the work stays near-linear.
 */
function resolveOverlaps(cands: Candidate[]): Candidate[] {
  const byStart = [...cands].sort((a, b) => a.start - b.start || a.rule - b.rule);
  const kept: Candidate[] = [];
  for (let i = 0; i < byStart.length; ) {
    let end = byStart[i]!.end;
    let j = i + 1;
    while (j < byStart.length && byStart[j]!.start < end) end = Math.max(end, byStart[j++]!.end);
    const group = byStart.slice(i, j).sort((a, b) => a.rule - b.rule || a.start - b.start);
    const chosen: Candidate[] = [];
    for (const c of group) if (!chosen.some((k) => c.start < k.end && k.start < c.end)) chosen.push(c);
    kept.push(...chosen);
    i = j;
  }
  return kept.sort((a, b) => a.at - b.at || a.rule - b.rule);
}

function toFinding(path: string, where: Locator, c: Candidate, rule: Rule, key: Buffer, lineOf: ((n: number) => number) | null): SecretFinding {
  const { line, column, suppression } = where.at(c.at);
  const value = rule.normalize ? rule.normalize(c.secret) : c.secret;
  // the reason is free text on the same line: it must not carry the value out
  const reason = suppression === null ? null : suppression.split(c.secret).join("[secret]");
  return {
    ruleId: rule.id,
    description: rule.description,
    path,
    line: lineOf ? lineOf(line) : line,
    column,
    fingerprint: fingerprint(key, value),
    preview: preview(value),
    suppressed: reason === null ? null : { reason },
  };
}

/**
 * Line, UTF-16 column and suppression of byte offsets, asked in increasing order: it counts line
 * feeds forward through the buffer once (newlines.ts), and decodes each line at most once, so
 * thousands of findings on one long line stay linear and a file with one finding is not indexed
 * whole.
 */
class Locator {
  private line = 1;
  private lineStart = 0;
  private scanned = 0;
  private lastAt = 0;
  private lastColumn = 1;
  private suppression: string | null | undefined;

  constructor(private readonly buf: Buffer) {}

  at(offset: number): { line: number; column: number; suppression: string | null } {
    if (offset < this.scanned) this.reset();
    const lines = countNewlines(this.buf, this.scanned, offset);
    if (lines > 0) {
      this.line += lines;
      this.lineStart = this.lastAt = this.buf.lastIndexOf(10, offset - 1) + 1;
      this.lastColumn = 1;
      this.suppression = undefined;
    }
    this.scanned = offset;
    this.suppression ??= suppressionOn(this.buf, this.lineStart);
    this.lastColumn += this.buf.subarray(this.lastAt, offset).toString("utf8").length;
    this.lastAt = offset;
    return { line: this.line, column: this.lastColumn, suppression: this.suppression };
  }

  private reset(): void {
    this.line = 1;
    this.lineStart = this.scanned = this.lastAt = 0;
    this.lastColumn = 1;
    this.suppression = undefined;
  }
}

/**
 * Lines over the cap (minified bundles, generated data) are replaced by spaces, keeping every
 * offset and line number intact, and reported.
 */
function blankLongLines(buf: Buffer, max: number): { buf: Buffer; partial: string | null } {
  if (buf.length <= max) return { buf, partial: null };
  const long: [number, number, number][] = [];
  let start = 0;
  let line = 1;
  for (;;) {
    const nl = buf.indexOf(10, start);
    const end = nl === -1 ? buf.length : nl;
    if (end - start > max) long.push([start, end, line]);
    if (nl === -1) break;
    start = nl + 1;
    line++;
  }
  if (long.length === 0) return { buf, partial: null };
  const copy = Buffer.from(buf);
  for (const [s, e] of long) copy.fill(0x20, s, e);
  const lines = long.map(([, , n]) => n);
  const shown = lines.slice(0, 5).join(", ") + (lines.length > 5 ? `, … (${lines.length} lines)` : "");
  return { buf: copy, partial: `line ${shown} over the ${max}-byte line limit, not scanned` };
}
