import { PassDfa, POISONED } from "./pass-dfa.js";
import { PASS_TABLES, passWasm } from "./pass-tables.js";
import { RE2 } from "./require.js";
import type { Rule } from "./rule.js";

export interface CompiledRules {
  rules: readonly Rule[];
  /** compiled on first use: a pre-commit run over a few lines needs a few rules */
  regexes: (RE2 | undefined)[];
  /** the same, sticky: for rules run at their keywords (`Rule.startsAtKeyword`) */
  stickies: (RE2 | undefined)[];
  /** keyword index → indexes of the rules it enables */
  rulesOfKeyword: number[][];
  /** one RE2.Set over every distinct keyword: a single pass tells which rules can match (built on first use) */
  keywords: () => InstanceType<typeof RE2.Set>;
  /** the same keywords, anchored: which of them start at a given offset (built on first use) */
  keywordsAt: () => InstanceType<typeof RE2.Set>;
  /** tag t of a hit of the pass's automata (pass-dfa.ts) → index of its keyword here (t - 1) */
  keywordOfTag: number[];
  /** tags past those: tag `keywordOfTag.length + 1 + k` → the rule of `passParts(…).anchors[k]` */
  ruleOfAnchor: number[];
  /** the folded rule's keywords as bytes, lower-cased, when all are ASCII (`foldedKeywordAt`); else null */
  foldedKeywordBytes: Buffer[] | null;
  /** longest keyword, in bytes as RE2 may match it case-insensitively (ſ, K are 2-3 bytes) */
  keywordSpan: number;
  /** rules that run on every file (`Rule.keywordsImplied`) */
  always: number[];
  /** index of the rule folded into the keyword pass (`Rule.common`), or -1 */
  folded: number;
  /**
   * The keyword pass (see `passHits`): the folded rule's regex without its groups, or any keyword
   * of the other rules. It tells only where a match starts: with groups, RE2 would extract them
   * with its NFA over this large program at every hit (4% of a whole scan's instructions).
   * Null when no rule is folded; compiled on first use: the pass is run by `dfa` when it can be.
   */
  pass: (() => RE2) | null;
  /** the same pass run by tables built ahead of time (pass-dfa.ts), when they were built for these rules */
  dfa: () => PassDfa | null;
  /** the folded rule's keywords: it runs only in a file that holds one (built on first use) */
  foldedKeywords: () => RE2;
}

const cache = new WeakMap<readonly Rule[], CompiledRules>();

export function compileRules(rules: readonly Rule[]): CompiledRules {
  let c = cache.get(rules);
  if (!c) {
    c = build(rules);
    cache.set(rules, c);
  }
  return c;
}

const keywordPattern = (rule: Rule, kw: string) => (rule.caseSensitive ? "" : "(?i)") + escapeRe2(kw);
/** A rule's keywords as RE2 patterns: its literals, then its `keywordPatterns` as written. */
const keywordPatternsOf = (rule: Rule) => [...rule.keywords.map((kw) => keywordPattern(rule, kw)), ...(rule.keywordPatterns ?? []).map((p) => `(?:${p})`)];
/** The longest text a `Rule.keywordPatterns` entry may match (the keyword pass looks this far from a hit). */
export const KEYWORD_PATTERN_BYTES = 64;

function build(rules: readonly Rule[]): CompiledRules {
  const patterns: string[] = [];
  const indexOf = new Map<string, number>();
  const rulesOfKeyword: number[][] = [];
  rules.forEach((rule, ri) => {
    if (rule.keywordsImplied) return;
    for (const p of keywordPatternsOf(rule)) {
      let ki = indexOf.get(p);
      if (ki === undefined) {
        ki = patterns.length;
        patterns.push(p);
        indexOf.set(p, ki);
        rulesOfKeyword.push([]);
      }
      if (!rulesOfKeyword[ki]!.includes(ri)) rulesOfKeyword[ki]!.push(ri);
    }
  });
  const folded = rules.findIndex((r) => r.common);
  const always = rules.flatMap((r, ri) => (r.keywordsImplied ? [ri] : []));
  const parts = passParts(rules);
  const source = parts && passSource(parts);
  return {
    rules,
    regexes: new Array<RE2 | undefined>(rules.length),
    stickies: new Array<RE2 | undefined>(rules.length),
    rulesOfKeyword,
    always,
    keywords: once(() => new RE2.Set(patterns)),
    keywordsAt: once(() => new RE2.Set(patterns, { anchor: "start" })),
    keywordOfTag: parts ? parts.keywords.map((p) => indexOf.get(p)!) : [],
    ruleOfAnchor: parts ? parts.anchors.map((a) => a.rule) : [],
    foldedKeywordBytes:
      folded >= 0 && !rules[folded]!.caseSensitive && rules[folded]!.keywords.every((k) => /^[\x20-\x7e]+$/.test(k)) ? rules[folded]!.keywords.map((k) => Buffer.from(k.toLowerCase())) : null,
    keywordSpan: Math.max(
      3 * Math.max(1, ...rules.flatMap((r) => r.keywords.map((k) => Buffer.byteLength(k)))),
      rules.some((r) => r.keywordPatterns?.length) ? KEYWORD_PATTERN_BYTES : 0,
    ),
    folded,
    pass: source === null ? null : once(() => new RE2(source, "g")),
    dfa: once(() => (parts !== null && passSignature(parts) === PASS_TABLES.signature ? PassDfa.load(PASS_TABLES, passWasm) : null)),
    foldedKeywords: once(() => new RE2(rules[folded]!.keywords.map((kw) => keywordPattern(rules[folded]!, kw)).join("|"))),
  };
}

/**
 * What the keyword pass looks for: the folded rule's regex without its groups, and the other rules'
 * keywords; with its automata, also where `Rule.startsWith` texts occur (`anchors`).
 */
export function passParts(rules: readonly Rule[]): PassParts | null {
  const folded = rules.findIndex((r) => r.common);
  if (folded < 0) return null;
  const keywords = [...new Set(rules.flatMap((r, ri) => (ri === folded || r.keywordsImplied ? [] : keywordPatternsOf(r))))];
  const anchors = rules.flatMap((r, rule) => (r.keywordsImplied && r.startsWith ? [{ text: r.startsWith, rule }] : []));
  return { folded: withoutCaptures(rules[folded]!.pattern), keywords, anchors };
}

export interface PassParts {
  folded: string;
  keywords: string[];
  anchors: { text: string; rule: number }[];
}

/** What the pass's automata were built for: RE2's pass, then the anchors (pass-tables.ts holds it). */
export const passSignature = (parts: PassParts) => [passSource(parts), ...parts.anchors.map((a) => `${a.rule}:${a.text}`)].join("\n");

/** The pass as one RE2 pattern; the folded rule comes first (where it matches, its match is reported). */
export const passSource = (parts: Pick<PassParts, "folded" | "keywords">) => [`(?:${parts.folded})`, ...parts.keywords.map((p) => `(?:${p})`)].join("|");

/** Compiling costs startup time: what only some files need is compiled on first use. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export function regexOf(c: CompiledRules, ri: number): RE2 {
  // "d": match indices, so the secret's byte offsets within a Buffer are known
  return (c.regexes[ri] ??= new RE2(c.rules[ri]!.pattern, "gd"));
}

/** Rule `ri`'s regex matching only where it is run (sticky: lastIndex). */
export function stickyOf(c: CompiledRules, ri: number): RE2 {
  return (c.stickies[ri] ??= new RE2(c.rules[ri]!.pattern, "yd"));
}

/**
 * `pattern` with every capturing group made non-capturing (`(x)` and `(?P<name>x)` → `(?:x)`); it
 * matches the same text. Escapes and character classes are copied as they are.
 */
export function withoutCaptures(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\") {
      out += pattern.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (ch === "]") inClass = false;
      out += ch;
    } else if (ch === "[") {
      inClass = true;
      // a "]" first in the class (after an optional "^") is a literal
      const lead = /^\[\^?\]?/.exec(pattern.slice(i))![0];
      out += lead;
      i += lead.length - 1;
    } else if (ch === "(" && pattern[i + 1] !== "?") {
      out += "(?:";
    } else if (ch === "(" && /^\(\?P?<[A-Za-z_]\w*>/.test(pattern.slice(i))) {
      const named = /^\(\?P?<[A-Za-z_]\w*>/.exec(pattern.slice(i))![0];
      out += "(?:";
      i += named.length - 1;
    } else {
      out += ch;
    }
  }
  return out;
}

export function escapeRe2(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

/** Indexes of the rules whose keywords occur in `buf`, ascending (rule priority order). */
export function candidateRules(c: CompiledRules, buf: Buffer): number[] {
  const hit = new Set<number>(c.always);
  for (const ki of c.keywords().match(buf)) for (const ri of c.rulesOfKeyword[ki]!) hit.add(ri);
  return [...hit].sort((a, b) => a - b);
}

/** A match on a Buffer: groups are Buffers, offsets are bytes. */
export type BufferMatch = { index: number; length: number; indices?: RegExpIndicesArray; [group: number]: Buffer | undefined };

// Each keyword occurrence costs the pass a call into RE2; past this many in one file, the one-call
// RE2.Set prefilter and a separate run of the folded rule are cheaper (generated or hostile text).
const MAX_PASS_HITS = 4000;

/**
 * What the keyword pass found in a file (see `resolveHits`). `rules`: the rules to run, ascending,
 * the folded one included when it may run; `folded`: every offset where the folded rule matches,
 * ascending; `at[rule]`: where the keywords of an `onKeywordLines` rule occur, ascending.
 */
export interface PassResult {
  rules: number[];
  folded: number[];
  at: number[][];
  /** `at` also lists, for each `Rule.startsWith` rule, every offset where its text occurs */
  anchored: boolean;
}

/**
 * The one pass over `buf` that does the work of the keyword prefilter and of finding the folded
 * rule's matches: every offset where the pass matches, ascending (plain numbers, so that another
 * thread can go on: scan-secrets-pool.ts). Run by the prebuilt automata (pass-dfa.ts) when they
 * were built for these rules, else, and for the files they leave to it, by RE2: the same offsets.
 * Null when the file has too many keyword occurrences for this to pay (then use `candidateRules`).
 */
export function passHits(c: CompiledRules, buf: Buffer): PassHits | null {
  const dfa = c.dfa();
  if (dfa) {
    const hits = dfa.hits(buf, MAX_PASS_HITS);
    if (hits !== POISONED) return hits;
  }
  const at = passHitsByRe2(c, buf);
  return at && { at, tags: null, anchored: false };
}

/**
 * Where the pass matched, ascending (an offset repeats when several tags are there). `tags`, from
 * the pass's automata: what matched there (0 the folded rule, t a keyword: `keywordOfTag[t - 1]`);
 * null from RE2, whose hits say only where (`resolveHits` then asks RE2 what starts there).
 */
export interface PassHits {
  at: number[];
  tags: number[] | null;
  /** the hits list every place a `Rule.startsWith` text occurs (tagged after the keywords) */
  anchored: boolean;
}

/** `passHits` run by RE2 (for rules without tables, and files the tables leave to RE2). */
export function passHitsByRe2(c: CompiledRules, buf: Buffer): number[] | null {
  const pass = c.pass!();
  const hits: number[] = [];
  pass.lastIndex = 0;
  for (let m = pass.exec(buf); m !== null; m = pass.exec(buf)) {
    if (hits.push(m.index) > MAX_PASS_HITS) return null;
    // every offset is visited: a keyword may start inside the previous hit
    pass.lastIndex = m.index + 1;
  }
  return hits;
}

/** What the pass's hits mean: which rules run, where the folded one matches, where keywords are. */
export function resolveHits(c: CompiledRules, buf: Buffer, hits: PassHits): PassResult {
  return hits.tags ? resolveTagged(c, buf, hits.at, hits.tags, hits.anchored) : resolveByRe2(c, buf, hits.at);
}

/** `resolveHits` for hits whose tags say what matched. */
function resolveTagged(c: CompiledRules, buf: Buffer, offsets: number[], tags: number[], anchored: boolean): PassResult {
  const hit = new Set<number>(c.always);
  const folded: number[] = [];
  const at: number[][] = [];
  for (let k = 0; k < offsets.length; k++) {
    const p = offsets[k]!;
    if (tags[k] === 0) {
      folded.push(p);
      continue;
    }
    const ki = c.keywordOfTag[tags[k]! - 1];
    if (ki === undefined) {
      (at[c.ruleOfAnchor[tags[k]! - 1 - c.keywordOfTag.length]!] ??= []).push(p);
      continue;
    }
    for (const ri of c.rulesOfKeyword[ki]!) {
      hit.add(ri);
      if (c.rules[ri]!.onKeywordLines) (at[ri] ??= []).push(p);
    }
  }
  // the folded rule runs where one of its keywords occurs in the file: most often at one of its matches
  if (folded.length > 0 && !hit.has(c.folded) && (folded.some((p) => foldedKeywordAt(c, buf, p)) || c.foldedKeywords().test(buf))) hit.add(c.folded);
  if (!hit.has(c.folded)) folded.length = 0;
  return { rules: [...hit].sort((a, b) => a - b), folded, at, anchored };
}

/** Whether one of the folded rule's keywords starts at `p` (ASCII, any case). */
function foldedKeywordAt(c: CompiledRules, buf: Buffer, p: number): boolean {
  const words = c.foldedKeywordBytes;
  if (!words) return false;
  return words.some((w) => {
    if (p + w.length > buf.length) return false;
    for (let k = 0; k < w.length; k++) {
      const b = buf[p + k]!;
      if ((b >= 0x41 && b <= 0x5a ? b | 0x20 : b) !== w[k]) return false;
    }
    return true;
  });
}

/** `resolveHits` for RE2's hits: RE2 tells what matched at each. */
function resolveByRe2(c: CompiledRules, buf: Buffer, hits: number[]): PassResult {
  const hit = new Set<number>(c.always);
  const folded: number[] = [];
  // rule index → ascending offsets of its keywords (for `onKeywordLines` rules)
  const at: number[][] = [];
  // the folded rule's regex, anchored where it is run
  const foldedAt = stickyOf(c, c.folded);
  for (const p of hits) {
    // the pass matched here; its folded alternative did when the folded rule matches here
    foldedAt.lastIndex = p;
    if (foldedAt.test(buf)) folded.push(p);
    // the alternative that won is one keyword; others may start at the same offset
    for (const ki of c.keywordsAt().match(buf.subarray(p, p + c.keywordSpan))) {
      for (const ri of c.rulesOfKeyword[ki]!) {
        hit.add(ri);
        if (c.rules[ri]!.onKeywordLines) (at[ri] ??= []).push(p);
      }
    }
  }
  // the folded rule's regex can match where none of its keywords occur (private-key = …)
  if (folded.length > 0 && !hit.has(c.folded) && c.foldedKeywords().test(buf)) hit.add(c.folded);
  if (!hit.has(c.folded)) folded.length = 0;
  return { rules: [...hit].sort((a, b) => a - b), folded, at, anchored: false };
}
