/**
 * The keyword pass (compile.ts, `passHits`) run by automata built ahead of time (dfa.ts, shipped
 * as a WebAssembly module, pass.wasm, made by pass-wasm.ts) instead of RE2: the same offsets, with
 * no regex to compile and no DFA states to build in each process (over the 20 MB bench corpus, in
 * a fresh process: 32 ms against RE2's 55).
 *
 * One search DFA finds, in one pass, where each keyword ends and where each of the folded rule's
 * leading words ends (password, token…); from the byte after a leading word, a small anchored DFA
 * of the rest of the folded rule's pattern tells whether the rule matches at the word's start.
 * RE2 runs the pass instead (`POISONED`) for a file holding a character RE2's case folding maps to
 * an ASCII letter (ſ, K: the automata fold ASCII only), for one the module's memory cannot grow
 * to hold, and without WebAssembly (`node --jitless`). A file whose walks from leading words would
 * take more than a linear budget (pass-wasm.ts) is one with too many hits for the pass (null).
 *
 * The search DFA's state depends only on the last bytes read (as many as the longest keyword), so
 * the buffer is read as two streams at once, the second starting that many bytes before the
 * middle: a DFA step is a chain of dependent loads, and two chains overlap. Hits from both are
 * merged.
 */

/** As generated (scripts/gen-pass-tables.mjs) in pass-tables.ts; the module's bytes are pass.wasm. */
export interface PassTables {
  /** what they were built for (compile.ts, `passSignature`): they are used only for the same */
  signature: string;
  /** where in its memory the module (pass-wasm.ts) writes hits, and reads the input */
  hitsAt: number;
  inputAt: number;
  /** tags from this one on are `Rule.startsWith` texts: they do not count toward a file's hits */
  firstAnchorTag: number;
  /** sizes, for the record */
  stats: { searchStates: number; searchClasses: number; foldedStates: number; foldedClasses: number };
}

/** What ends at an accepting state of the search DFA. */
export const KEYWORD = 0;
export const FOLDED_LEAD = 1;
export const POISON = 2;

export const POISONED = Symbol("left to RE2");

const PAGE = 65536;

export class PassDfa {
  private readonly run: (n: number, resume: number) => number;
  private readonly memory: WebAssembly.Memory;
  private bytes: Uint8Array;

  private constructor(
    instance: WebAssembly.Instance,
    private readonly t: PassTables,
  ) {
    this.run = instance.exports.run as PassDfa["run"];
    this.memory = instance.exports.mem as WebAssembly.Memory;
    this.bytes = new Uint8Array(this.memory.buffer);
  }

  /** Null where WebAssembly is not available, or the module cannot be read. */
  static load(t: PassTables, wasm: () => Uint8Array): PassDfa | null {
    try {
      // a Buffer read from a file: its memory is never shared
      return new PassDfa(new WebAssembly.Instance(new WebAssembly.Module(wasm() as Uint8Array<ArrayBuffer>), {}), t);
    } catch {
      return null;
    }
  }

  /**
   * Where the next input may be read, `size` bytes, so that `hits` need not copy it: a view of the
   * module's memory, valid until the next call (which may grow the memory and detach it). Null
   * when the memory cannot grow that far.
   */
  input(size: number): Buffer | null {
    return this.reserve(size) ? Buffer.from(this.memory.buffer, this.t.inputAt, size) : null;
  }

  /**
   * Grows the memory to hold an input of `n` bytes and one past it (read as the end of the text);
   * false when it cannot (4 GiB at most, or the system refuses).
   */
  private reserve(n: number): boolean {
    const need = this.t.inputAt + n + 1 - this.memory.buffer.byteLength;
    if (need <= 0) return true;
    try {
      this.memory.grow(Math.ceil(need / PAGE));
    } catch {
      return false;
    }
    this.bytes = new Uint8Array(this.memory.buffer);
    return true;
  }

  /**
   * Every offset where a keyword starts (its tag: its index in the pass's keywords, + 1; past
   * them, a `Rule.startsWith` text) or the folded rule matches (tag 0), in order of offset then
   * tag, without repeats; null past `max` distinct offsets (where an anchor is alone, not
   * counted: RE2's pass does not look for them); POISONED when RE2 must decide.
   *
   * Anchors are left out (`anchored` false) when there are more than 16 + 1 per KiB: a rule run at
   * each costs about as much as RE2 scanning a KiB for its text (a URL list or a lockfile holds
   * one every 50-100 bytes: 400,000 `://` in 2 MB took 0.29 s, against 0.06 s over the file).
   */
  hits(buf: Uint8Array, max: number): TaggedHits | null | typeof POISONED {
    const { inputAt, hitsAt } = this.t;
    const n = buf.length;
    // an input read into `input`'s view is where it must be, and fits; any other is copied there
    if (buf.buffer !== this.memory.buffer || buf.byteOffset !== inputAt) {
      // (a view elsewhere in the memory would be detached by growing it)
      const from = buf.buffer === this.memory.buffer ? Uint8Array.from(buf) : buf;
      if (!this.reserve(n)) return POISONED;
      this.bytes.set(from, inputAt);
    }
    // (offset, tag) as one number each, which sorts by offset then tag
    let keys: number[] = [];
    // past this many, repeats are dropped and the offsets counted (twice as many as were left, so
    // that counting stays linear in the file's hits)
    let check = max;
    const { firstAnchorTag } = this.t;
    const anchorLimit = 16 + (n >> 10);
    let anchors = 0;
    for (let resume = 0; ; resume = 1) {
      const r = this.run(n, resume);
      // -2: the walks from leading words went past their budget (pass-wasm.ts): too many hits
      if (r < 0) return r === -2 ? null : POISONED;
      const pairs = new Int32Array(this.memory.buffer, hitsAt, r & ~1);
      for (let k = 0; k < pairs.length; k += 2) {
        // (the two streams may both report an anchor: a few too many are counted, never too few)
        if (pairs[k + 1]! >= firstAnchorTag && ++anchors > anchorLimit) continue;
        keys.push(pairs[k]! * TAGS + pairs[k + 1]!);
      }
      if (keys.length > check) {
        keys = distinct(keys);
        if (offsetsIn(keys, firstAnchorTag) > max) return null;
        check = Math.max(max, 2 * keys.length);
      }
      if (r & 1) break;
    }
    const anchored = anchors <= anchorLimit;
    keys = distinct(anchored ? keys : keys.filter((key) => key % TAGS < firstAnchorTag));
    if (offsetsIn(keys, firstAnchorTag) > max) return null;
    const at = keys.map((key) => Math.floor(key / TAGS));
    const tags = keys.map((key) => key % TAGS);
    return { at, tags, anchored };
  }
}

/** Hits with their tags (parallel arrays); `anchored`: the anchors are among them (all of them). */
export interface TaggedHits {
  at: number[];
  tags: number[];
  anchored: boolean;
}

/** Tags are under this (keyword indexes + 1: a tag is 20 bits of an output). */
const TAGS = 1 << 20;

function offsetsIn(keys: number[], firstAnchorTag: number): number {
  let n = 0;
  let last = -1;
  for (const key of keys) {
    const at = Math.floor(key / TAGS);
    if (at !== last && key % TAGS < firstAnchorTag) {
      n++;
      last = at;
    }
  }
  return n;
}

/** Ascending, without repeats (the two streams overlap). */
function distinct(hits: number[]): number[] {
  const sorted = Float64Array.from(hits).sort();
  const out: number[] = [];
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) out.push(sorted[k]!);
  return out;
}
