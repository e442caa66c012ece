/**
 * Deterministic automata over bytes for the keyword pass (pass-dfa.ts), built from the rules'
 * RE2 patterns ahead of time (scripts/gen-pass-tables.mjs): RE2 builds its DFA lazily in every
 * process and runs it at ~16 instructions a byte; a table built once and run by a loop of our own
 * costs neither. Written by hand because no library turns RE2 syntax into byte-level tables whose
 * matches are exactly RE2's on UTF-8 (JavaScript regex libraries work on UTF-16 code units).
 *
 * Only the syntax the pass uses is accepted (literals, escapes, classes with \d \w \s, groups,
 * (?i) for the rest of a group, * + ? {n} {n,} {n,m}, and `$` at the end of the text); anything
 * else throws, and the caller keeps RE2. Semantics follow RE2's UTF-8 mode: \d \w \s are ASCII, a
 * negated class matches any valid UTF-8 sequence of a character outside it (never a stray byte),
 * and (?i) folds ASCII letters. RE2 also folds s with U+017F and k with U+212A: the pass treats a
 * file holding either as one to leave to RE2 (see `POISON`).
 */

/** The end of the text, as a symbol after the 256 bytes (for `$`). */
export const EOT = 256;
const SYMBOLS = 257;

type Node =
  | { t: "set"; set: Uint8Array; neg: boolean }
  | { t: "eot" }
  | { t: "seq"; xs: Node[] }
  | { t: "alt"; xs: Node[] }
  | { t: "rep"; x: Node; min: number; max: number };

const CLASS_ESCAPES: Record<string, (set: Uint8Array) => void> = {
  d: (s) => s.fill(1, 0x30, 0x3a),
  w: (s) => {
    s.fill(1, 0x30, 0x3a);
    s.fill(1, 0x41, 0x5b);
    s.fill(1, 0x61, 0x7b);
    s[0x5f] = 1;
  },
  // RE2's \s: no vertical tab
  s: (s) => {
    for (const b of [9, 10, 12, 13, 32]) s[b] = 1;
  },
};
const CHAR_ESCAPES: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, v: 11 };

const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/** Parses the RE2 subset above into a tree of byte sets. */
export function parseRe2(src: string): Node {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`unsupported in a byte DFA: ${what} at ${i} of ${JSON.stringify(src.slice(0, 80))}`);
  };
  const fold = (set: Uint8Array, ci: boolean) => {
    if (ci) for (let b = 0x41; b <= 0x7a; b++) if (set[b] && isLetter(b)) set[b ^ 0x20] = 1;
    return set;
  };
  const single = (b: number, ci: boolean): Node => {
    if (b > 0x7f) fail("a non-ASCII character");
    const set = new Uint8Array(256);
    set[b] = 1;
    return { t: "set", set: fold(set, ci), neg: false };
  };
  // the flags live in a box per group: (?i) holds for the rest of the group, across its "|"
  function alt(flags: { ci: boolean }): Node {
    const xs = [seq(flags)];
    while (src[i] === "|") {
      i++;
      xs.push(seq(flags));
    }
    return xs.length === 1 ? xs[0]! : { t: "alt", xs };
  }
  function seq(flags: { ci: boolean }): Node {
    const xs: Node[] = [];
    while (i < src.length && src[i] !== "|" && src[i] !== ")") {
      if (src.startsWith("(?i)", i)) {
        i += 4;
        flags.ci = true;
        continue;
      }
      let x = atom(flags.ci);
      for (;;) {
        const q = /^(?:[*+?]|\{(\d+)(?:(,)(\d*))?\})/.exec(src.slice(i));
        if (!q) break;
        i += q[0].length;
        const [min, max] = q[0] === "*" ? [0, Infinity] : q[0] === "+" ? [1, Infinity] : q[0] === "?" ? [0, 1] : [Number(q[1]), q[2] === undefined ? Number(q[1]) : q[3] === "" ? Infinity : Number(q[3])];
        x = { t: "rep", x, min: min!, max: max! };
        // a lazy quantifier matches the same strings
        if (src[i] === "?") i++;
      }
      xs.push(x);
    }
    return { t: "seq", xs };
  }
  function atom(ci: boolean): Node {
    const c = src[i++]!;
    if (c === "(") {
      const group = /^\?(?::|P?<[A-Za-z_]\w*>)/.exec(src.slice(i));
      if (group) i += group[0].length;
      else if (src[i] === "?") fail("a group flag");
      const x = alt({ ci });
      if (src[i++] !== ")") fail("an unclosed group");
      return x;
    }
    if (c === "[") return charClass(ci);
    if (c === "$") return { t: "eot" };
    if (c === "\\") {
      const e = src[i++] ?? fail("a trailing backslash");
      const lower = e.toLowerCase();
      if (CLASS_ESCAPES[lower]) {
        const set = new Uint8Array(256);
        CLASS_ESCAPES[lower](set);
        if (e !== lower) for (let b = 0; b < 256; b++) set[b]! ^= 1;
        return { t: "set", set, neg: e !== lower };
      }
      if (CHAR_ESCAPES[e] !== undefined) return single(CHAR_ESCAPES[e], ci);
      if (/[A-Za-z0-9]/.test(e)) fail(`the escape \\${e}`);
      return single(e.charCodeAt(0), ci);
    }
    if (c === "^" || c === "." || c === ")") fail(`"${c}"`);
    return single(c.charCodeAt(0), ci);
  }
  function charClass(ci: boolean): Node {
    const set = new Uint8Array(256);
    const neg = src[i] === "^";
    if (neg) i++;
    const member = (): number => {
      if (src[i] !== "\\") return src.charCodeAt(i++);
      const e = src[i + 1] ?? fail("a trailing backslash");
      i += 2;
      if (CHAR_ESCAPES[e] !== undefined) return CHAR_ESCAPES[e];
      if (/[A-Za-z0-9]/.test(e)) fail(`the escape \\${e} in a class`);
      return e.charCodeAt(0);
    };
    for (let first = true; first || src[i] !== "]"; first = false) {
      if (i >= src.length) fail("an unclosed class");
      if (src[i] === "\\" && CLASS_ESCAPES[src[i + 1]!]) {
        CLASS_ESCAPES[src[i + 1]!]!(set);
        i += 2;
        continue;
      }
      const lo = member();
      let hi = lo;
      if (src[i] === "-" && src[i + 1] !== "]") {
        i++;
        hi = member();
      }
      if (hi > 0x7f || hi < lo) fail("a non-ASCII or reversed range");
      set.fill(1, lo, hi + 1);
    }
    i++;
    fold(set, ci);
    if (neg) for (let b = 0; b < 256; b++) set[b]! ^= 1;
    return { t: "set", set, neg };
  }
  const tree = alt({ ci: false });
  if (i !== src.length) fail("an unmatched )");
  return tree;
}

/** Valid UTF-8 sequences of 2-4 bytes, as ranges per byte (RE2 matches these for a negated class). */
const UTF8_SEQUENCES: [number, number][][] = [
  [[0xc2, 0xdf], [0x80, 0xbf]],
  [[0xe0, 0xe0], [0xa0, 0xbf], [0x80, 0xbf]],
  [[0xe1, 0xec], [0x80, 0xbf], [0x80, 0xbf]],
  [[0xed, 0xed], [0x80, 0x9f], [0x80, 0xbf]],
  [[0xee, 0xef], [0x80, 0xbf], [0x80, 0xbf]],
  [[0xf0, 0xf0], [0x90, 0xbf], [0x80, 0xbf], [0x80, 0xbf]],
  [[0xf1, 0xf3], [0x80, 0xbf], [0x80, 0xbf], [0x80, 0xbf]],
  [[0xf4, 0xf4], [0x80, 0x8f], [0x80, 0xbf], [0x80, 0xbf]],
];

/** A Thompson NFA: `eps[s]` empty moves, `edges[s]` moves on a set of symbols (257: bytes and EOT). */
class Nfa {
  eps: number[][] = [];
  edges: [Uint8Array, number][][] = [];

  state(): number {
    this.eps.push([]);
    this.edges.push([]);
    return this.eps.length - 1;
  }

  private move(from: number, lo: number, hi: number, to: number): void {
    const set = new Uint8Array(SYMBOLS);
    set.fill(1, lo, hi + 1);
    this.edges[from]!.push([set, to]);
  }

  /** Adds `n` after state `from`; returns the state it ends in. */
  add(n: Node, from: number): number {
    switch (n.t) {
      case "set": {
        const to = this.state();
        const set = new Uint8Array(SYMBOLS);
        // a negated class's bytes past ASCII are the UTF-8 sequences below, not single bytes
        set.set(n.neg ? n.set.subarray(0, 0x80) : n.set);
        this.edges[from]!.push([set, to]);
        if (n.neg) {
          for (const seq of UTF8_SEQUENCES) {
            let s = from;
            seq.forEach(([lo, hi], k) => {
              const t = k === seq.length - 1 ? to : this.state();
              this.move(s, lo, hi, t);
              s = t;
            });
          }
        }
        return to;
      }
      case "eot": {
        const to = this.state();
        this.move(from, EOT, EOT, to);
        return to;
      }
      case "seq":
        return n.xs.reduce((s, x) => this.add(x, s), from);
      case "alt": {
        const to = this.state();
        for (const x of n.xs) {
          const a = this.state();
          this.eps[from]!.push(a);
          this.eps[this.add(x, a)]!.push(to);
        }
        return to;
      }
      case "rep": {
        let s = from;
        for (let k = 0; k < n.min; k++) s = this.add(n.x, s);
        if (n.max === Infinity) {
          const loop = this.state();
          this.eps[s]!.push(loop);
          this.eps[this.add(n.x, loop)]!.push(loop);
          return loop;
        }
        const to = this.state();
        this.eps[s]!.push(to);
        for (let k = n.min; k < n.max; k++) {
          s = this.add(n.x, s);
          this.eps[s]!.push(to);
        }
        return to;
      }
    }
  }

  closure(states: Iterable<number>): number[] {
    const seen = new Set(states);
    const stack = [...seen];
    while (stack.length > 0) {
      for (const t of this.eps[stack.pop()!]!) {
        if (!seen.has(t)) {
          seen.add(t);
          stack.push(t);
        }
      }
    }
    return [...seen].sort((a, b) => a - b);
  }
}

/** A DFA over byte classes: `next[state * classCount + classes[symbol]]`; state 0 starts. */
export interface ByteDfa {
  /** symbol (byte, or EOT) → class */
  classes: Uint8Array;
  classCount: number;
  stateCount: number;
  next: Uint16Array;
  /** per state: the NFA finals it holds (indexes into the finals given), empty for most */
  finals: number[][];
  /** the state that can never reach a final (no NFA state left), or -1 */
  dead: number;
}

const MAX_STATES = 60000;

/**
 * Subset construction. `finals[k]` is an NFA state that marks a match of alternative k;
 * `unanchored`: a match may start anywhere (the start state is in every state).
 */
function determinize(nfa: Nfa, start: number, finals: number[], unanchored: boolean, stopAtFinal: boolean): ByteDfa {
  // symbols that every edge treats alike share a class
  const sets = nfa.edges.flat().map(([s]) => s);
  const classes = new Uint8Array(SYMBOLS);
  const bySignature = new Map<string, number>();
  for (let b = 0; b < SYMBOLS; b++) {
    let sig = "";
    for (const s of sets) sig += s[b];
    let c = bySignature.get(sig);
    if (c === undefined) bySignature.set(sig, (c = bySignature.size));
    classes[b] = c;
  }
  const classCount = bySignature.size;
  const sample = new Int32Array(classCount);
  for (let b = SYMBOLS - 1; b >= 0; b--) sample[classes[b]!] = b;
  const finalOf = new Map(finals.map((s, k) => [s, k]));
  const startSet = nfa.closure([start]);
  const ids = new Map<string, number>();
  const members: number[][] = [];
  const finalsOf: number[][] = [];
  const intern = (set: number[]): number => {
    const key = set.join(",");
    let id = ids.get(key);
    if (id === undefined) {
      id = members.length;
      if (id >= MAX_STATES) throw new Error(`the DFA would need over ${MAX_STATES} states`);
      ids.set(key, id);
      members.push(set);
      finalsOf.push(set.flatMap((s) => (finalOf.has(s) ? [finalOf.get(s)!] : [])));
    }
    return id;
  };
  intern(startSet);
  const rows: number[][] = [];
  for (let d = 0; d < members.length; d++) {
    const row: number[] = [];
    const done = stopAtFinal && finalsOf[d]!.length > 0;
    for (let c = 0; c < classCount; c++) {
      const to = new Set<number>(unanchored ? startSet : []);
      if (!done) for (const s of members[d]!) for (const [set, t] of nfa.edges[s]!) if (set[sample[c]!]) to.add(t);
      row.push(intern(nfa.closure(to)));
    }
    rows.push(row);
  }
  return { classes, classCount, stateCount: members.length, next: Uint16Array.from(rows.flat()), finals: finalsOf, dead: ids.get("") ?? -1 };
}

/** Whether every string `n` matches has the same length (in bytes); that length, else -1. */
export function fixedLength(n: Node): number {
  switch (n.t) {
    case "set":
      return n.neg ? -1 : 1;
    case "eot":
      return 0;
    case "seq": {
      let sum = 0;
      for (const x of n.xs) {
        const l = fixedLength(x);
        if (l < 0) return -1;
        sum += l;
      }
      return sum;
    }
    case "alt": {
      const ls = n.xs.map(fixedLength);
      return ls.every((l) => l === ls[0]) ? ls[0]! : -1;
    }
    case "rep": {
      const l = fixedLength(n.x);
      return n.min === n.max && l >= 0 ? l * n.min : -1;
    }
  }
}

/**
 * `n` as a choice of fixed-length leads and what follows them (`rest`): `n` is a sequence whose
 * first element (looking into nested sequences) is a finite choice, expanded into fixed-length
 * sequences (`credentials?` → credential, credentials). `n` matches at p exactly where a lead
 * matches at p and `rest` right after it. Null when there is no such choice, or too many.
 */
export function splitLeading(n: Node, limit = 256): { leads: Node[]; rest: Node } | null {
  // the path down the first elements, and what follows at each level
  const after: Node[][] = [];
  let first = n;
  while (first.t === "seq") {
    if (first.xs.length === 0) return null;
    after.unshift(first.xs.slice(1));
    first = first.xs[0]!;
  }
  const expand = (x: Node): Node[][] | null => {
    if (x.t === "set") return x.neg ? null : [[x]];
    if (x.t === "eot") return null;
    if (x.t === "alt") {
      const out: Node[][] = [];
      for (const b of x.xs) {
        const e = expand(b);
        if (!e || out.push(...e) > limit) return null;
      }
      return out;
    }
    if (x.t === "seq") {
      let out: Node[][] = [[]];
      for (const y of x.xs) {
        const e = expand(y);
        if (!e) return null;
        out = out.flatMap((a) => e.map((b) => [...a, ...b]));
        if (out.length > limit) return null;
      }
      return out;
    }
    if (x.max === Infinity) return null;
    const one = expand(x.x);
    if (!one) return null;
    const out: Node[][] = [];
    let run: Node[][] = [[]];
    for (let k = 0; k <= x.max; k++) {
      if (k >= x.min) out.push(...run);
      if (k < x.max) run = run.flatMap((a) => one.map((b) => [...a, ...b]));
      if (out.length + run.length > limit) return null;
    }
    return out;
  };
  const seqs = expand(first);
  if (!seqs || !seqs.every((s) => s.length > 0)) return null;
  return { leads: seqs.map((xs) => ({ t: "seq", xs })), rest: { t: "seq", xs: after.flat() } };
}

/**
 * An unanchored DFA over several alternatives at once: where a state holds finals, those
 * alternatives end at the byte just read (`finals[state]` lists their indexes).
 */
export function searchDfa(alternatives: Node[]): ByteDfa {
  const nfa = new Nfa();
  const start = nfa.state();
  const finals = alternatives.map((a) => nfa.add(a, start));
  return determinize(nfa, start, finals, true, false);
}

/** An anchored DFA for one pattern: a state holding its final (index 0) means a match; it stays there. */
export function anchoredDfa(pattern: Node): ByteDfa {
  const nfa = new Nfa();
  const start = nfa.state();
  return determinize(nfa, start, [nfa.add(pattern, start)], false, true);
}
