import { describe, expect, jest, test } from "@jest/globals";
import fc from "fast-check";
import { compileRules, passHits, passHitsByRe2, passParts, resolveHits, type PassResult } from "../../src/secrets/compile.js";
import { anchoredDfa, EOT, parseRe2, searchDfa, splitLeading, type ByteDfa } from "../../src/secrets/dfa.js";
import { PassDfa, POISONED, type TaggedHits } from "../../src/secrets/pass-dfa.js";
import { PASS_TABLES, passWasm } from "../../src/secrets/pass-tables.js";
import { buildPassTables } from "../../src/secrets/pass-tables-build.js";
import { HIT_CAPACITY } from "../../src/secrets/pass-wasm.js";
import { RE2 } from "../../src/secrets/require.js";
import { RULES } from "../../src/secrets/rules.js";

// The keyword pass run by prebuilt automata (pass-dfa.ts) must give exactly the offsets RE2's
// pass gives: every test here compares the two on the same bytes.
const c = compileRules(RULES);
// built here from the rules (dfa.ts, pass-wasm.ts), not read from pass-tables.ts: a test below
// checks that the shipped tables are these
const tables = buildPassTables(RULES);
const dfa = PassDfa.load(tables, () => tables.wasm)!;

/** Every offset where RE2's pass matches, with no cap. */
function re2Hits(buf: Buffer): number[] {
  const pass = c.pass!();
  const out: number[] = [];
  pass.lastIndex = 0;
  for (let m = pass.exec(buf); m !== null; m = pass.exec(buf)) {
    out.push(m.index);
    pass.lastIndex = m.index + 1;
  }
  return out;
}

/** Tags past the keywords': where a `Rule.startsWith` text occurs (RE2's pass does not look for them). */
const anchorTag = (tag: number) => tag > c.keywordOfTag.length;

/** The offsets of the automata's hits, anchors left out (they repeat an offset for each tag there). */
function offsets(buf: Buffer, max = 1e9): number[] | null | typeof POISONED {
  const h = dfa.hits(buf, max);
  return h === null || h === POISONED ? h : [...new Set(h.at.filter((_, k) => !anchorTag(h.tags[k]!)))];
}

/**
 * What the hits mean, anchors left out; the folded rule is listed only with matches (RE2's path
 * lists it either way).
 */
function meaning(buf: Buffer, hits: ReturnType<typeof passHits>): Omit<PassResult, "anchored"> | null {
  if (!hits) return null;
  const { anchored: _, ...r } = resolveHits(c, buf, hits);
  const at = r.at.map((offsets, ri) => (c.ruleOfAnchor.includes(ri) ? undefined : offsets));
  while (at.length > 0 && at[at.length - 1] === undefined) at.pop();
  return { ...r, at: at as number[][], rules: r.folded.length > 0 ? r.rules : r.rules.filter((ri) => ri !== c.folded) };
}

const FRAGMENTS = [
  ...passParts(RULES)!.keywords.flatMap((k) => (/^\(\?i\)/.test(k) ? [k.slice(4).replace(/\\/g, "")] : /^\(\?:/.test(k) ? [] : [k.replace(/\\/g, "")])),
  ...["AC0123abcd", "-0a1b2c3d-4e5f6a7b", "-0a1b2c3d-4e5f6a7"],
  ...["password", "PassWord", "passwd", "pwd", "_pass", "-PASS", "_key", "-key", "secret", "Token", "api_key", "api.key", "apikey", "Access-Key", "auth.key", "private_key", "credential", "credentials"],
  ...["=", " = ", ": ", ":=", " => ", "\"]: ", "', '", "||=", " ?? ", ": string = ", ": &str = ", "(\"", "\" value=\"", ">"],
  ...["\"", "'", "`", "\\\"", " ", "\t", "\n", "\r\n", ";", ",", ")", "]", "}", "<", "."],
  ...["abcdefghijklmnop", "ABCDEFGHIJKLMNOPQ", "a1b2c3", "x!y@z#", "Zm9vYmFy+/==", "0123456789", "é", "€", "😀", "ſ", "K"],
];
const BYTES = [0x80, 0xff, 0xc3, 0xe2, 0xf0, 0x00];

const documents = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...FRAGMENTS).map((s) => Buffer.from(s)), weight: 12 }, { arbitrary: fc.constantFrom(...BYTES).map((b) => Buffer.from([b])), weight: 1 }), { maxLength: 80 })
  .map((parts) => Buffer.concat(parts));

describe("the keyword pass by prebuilt automata", () => {
  test("the shipped tables are those of the current rules (else: npm run pass-tables)", () => {
    const { wasm, ...rest } = tables;
    expect(rest).toEqual(PASS_TABLES);
    expect(Buffer.compare(wasm, passWasm())).toBe(0);
    expect(c.dfa()).not.toBeNull();
  });

  test("finds the offsets RE2's pass finds, in text built from the rules' keywords, operators, values and odd bytes", () => {
    fc.assert(
      fc.property(documents, (buf) => {
        const hits = offsets(buf);
        // ſ and K: RE2 folds them with s and k; the automata leave such a file to RE2
        if (buf.includes("ſ") || buf.includes("K")) expect([POISONED, re2Hits(buf)]).toContainEqual(hits);
        else expect(hits).toEqual(re2Hits(buf));
        // what the tags say matched is what RE2 finds at each offset
        const re2 = passHitsByRe2(c, buf);
        const tagged = dfa.hits(buf, 4000);
        if (tagged !== POISONED) expect(meaning(buf, tagged)).toEqual(meaning(buf, re2 && { at: re2, tags: null, anchored: false }));
        expect(meaning(buf, passHits(c, buf))).toEqual(meaning(buf, re2 && { at: re2, tags: null, anchored: false }));
      }),
      { numRuns: 3000, endOnFailure: true },
    );
  });

  test("a rule's startsWith text (the URL rule's ://) is found wherever it occurs, for that rule to run there", () => {
    const url = RULES.findIndex((r) => r.startsWith === "://");
    expect(c.ruleOfAnchor).toEqual([url]);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(":", "/", "//", "://", "http", "a", " ", "\n", "password=", "x1y2z3w4"), { maxLength: 30 }), (parts) => {
        const buf = Buffer.from(parts.join(""));
        const expected: number[] = [];
        for (let p = buf.indexOf("://"); p >= 0; p = buf.indexOf("://", p + 1)) expected.push(p);
        const hits = dfa.hits(buf, 1e9);
        if (hits === null || hits === POISONED) throw new Error("no hits");
        // (past 16 + 1 per KiB they are left out: below; one in the streams' overlap may count twice)
        if (expected.length < 16) expect(hits.anchored).toBe(true);
        if (hits.anchored) {
          expect(hits.at.filter((_, k) => anchorTag(hits.tags[k]!))).toEqual(expected);
          expect(resolveHits(c, buf, hits).at[url] ?? []).toEqual(expected);
        }
      }),
      { numRuns: 300, endOnFailure: true },
    );
    // they do not count toward the pass's cap: a file of URLs is still passed (webhook payloads)
    const urls = Buffer.from("https://example.com/x\n".repeat(5000) + "token = 'a1b2c3d4e5f6'\n");
    expect(offsets(urls, 4000)).toEqual(re2Hits(urls));
    // past 16 + 1 per KiB, the rule is cheaper run over the file: the anchors are left out
    const many = dfa.hits(urls, 4000) as TaggedHits;
    expect(many.anchored).toBe(false);
    expect(resolveHits(c, urls, many)).toMatchObject({ anchored: false, at: [] });
    const some = Buffer.concat([Buffer.from("https://example.com/x\n".repeat(100)), Buffer.alloc(100 * 1024, " ")]);
    const few = dfa.hits(some, 4000) as TaggedHits;
    expect(few.anchored).toBe(true);
    expect(resolveHits(c, some, few).at[url]).toHaveLength(100);
  });

  test("a match that ends the text ($) and one cut by it", () => {
    for (const text of ["token = abcdefghijklmnopq", "token = abcdefghijklmno", "password: a1", "password: a1\n", "secret=", "x-key"]) {
      const buf = Buffer.from(text);
      expect([text, offsets(buf, 100)]).toEqual([text, re2Hits(buf)]);
    }
  });

  test("a file holding ſ or K is left to RE2, which folds them with s and k", () => {
    const buf = Buffer.from(`ſecret = "abc123def456"\n`);
    expect(dfa.hits(buf, 100)).toBe(POISONED);
    expect(passHits(c, buf)).toEqual({ at: [0], tags: null, anchored: false });
  });

  test("more hits than the module holds at once are handed back in several rounds", () => {
    const buf = Buffer.from(Array.from({ length: HIT_CAPACITY + 5000 }, (_, k) => (k % 3 ? "AKIA " : "pwd=a1 ")).join(""));
    const all = re2Hits(buf);
    expect(all.length).toBeGreaterThan(HIT_CAPACITY);
    expect(offsets(buf)).toEqual(all);
    // the pass's own cap: past it, null, as RE2's pass gives
    expect(dfa.hits(buf, 4000)).toBeNull();
    expect(passHits(c, buf)).toBeNull();
    expect(passHitsByRe2(c, buf)).toBeNull();
    // a round ends after a hit; the next resumes at the byte after it, in the state it left:
    // a byte read twice would break the "eyJ" that starts inside "_key"
    for (const unit of ["_keyJ ", "x_keyJ=\n", "_keyJ_keyJ "]) {
      const dense = Buffer.from(unit.repeat(HIT_CAPACITY));
      expect(offsets(dense)).toEqual(re2Hits(dense));
    }
  });

  test("a line of leading words is scanned without the pass (walks from each to the line's end would be quadratic)", () => {
    const line = Buffer.from("pwd".repeat(100_000) + " x1\n" + "pwd = 'a1b2c3d4'\n");
    expect(dfa.hits(line, 1e9)).toBeNull();
    expect(passHits(c, line)).toBeNull();
    // the same words a line each: short walks, within the budget
    const lines = Buffer.from("pwd=a1b2c3d4\n".repeat(3_000));
    expect(offsets(lines)).toEqual(re2Hits(lines));
  });

  test("the input grows the module's memory, and a smaller one after it is read whole", () => {
    const big = Buffer.alloc(3 * 1024 * 1024, "a");
    big.write("password = 'a1b2c3d4'", big.length - 30);
    expect(offsets(big, 100)).toEqual(re2Hits(big));
    const small = Buffer.from("x AKIA");
    expect(offsets(small, 100)).toEqual([2]);
  });
});

describe("reading straight into the module's memory", () => {
  test("a file read into `input`'s view is passed where it is, and gives what a copy gives", () => {
    const own = PassDfa.load(tables, () => tables.wasm)!;
    const text = Buffer.from("x = 1\npassword = 'a1b2c3d4'\nAKIA and https://h/\n");
    const view = own.input(text.length)!;
    text.copy(view);
    expect(own.hits(view, 100)).toEqual(own.hits(Buffer.from(text), 100));
    // a larger input grows the memory; the earlier view is then detached, not read stale
    const big = Buffer.alloc(4 << 20, "a");
    const bigView = own.input(big.length)!;
    big.copy(bigView);
    text.copy(bigView, 100);
    expect(view.length).toBe(0);
    expect(offsets(bigView, 100)).toEqual(re2Hits(Buffer.from(bigView)));
    // a view of another part of the memory is copied, not misread
    const elsewhere = Buffer.from(bigView.buffer, bigView.byteOffset + 100, text.length);
    expect(own.hits(elsewhere, 100)).toEqual(own.hits(Buffer.from(text), 100));
  });
});

describe("without WebAssembly or its module", () => {
  test("the automata are not loaded (RE2 runs the pass)", () => {
    // as under node --jitless, where compiling a module throws
    const module = jest.spyOn(WebAssembly, "Module").mockImplementation(() => {
      throw new Error("WebAssembly is not available");
    });
    try {
      expect(PassDfa.load(PASS_TABLES, passWasm)).toBeNull();
    } finally {
      module.mockRestore();
    }
    expect(PassDfa.load(PASS_TABLES, passWasm)).not.toBeNull();
  });

  test("an input the module's memory cannot grow to hold is left to RE2", () => {
    const own = PassDfa.load(tables, () => tables.wasm)!;
    const grow = jest.spyOn(WebAssembly.Memory.prototype, "grow").mockImplementation(() => {
      throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
    });
    try {
      const big = Buffer.alloc(8 << 20, "a");
      expect(own.input(big.length)).toBeNull();
      expect(own.hits(big, 100)).toBe(POISONED);
    } finally {
      grow.mockRestore();
    }
  });

  test("a module that cannot be read leaves the pass to RE2", () => {
    expect(
      PassDfa.load(PASS_TABLES, () => {
        throw new Error("ENOENT");
      }),
    ).toBeNull();
  });
});

/** Whether `d` (anchored) reaches a final from `start` (the final stays reached: anchoredDfa). */
function acceptsAt(d: ByteDfa, buf: Uint8Array, start: number): boolean {
  let s = 0;
  for (let p = start; p <= buf.length; p++) {
    s = d.next[s * d.classCount + d.classes[p < buf.length ? buf[p]! : EOT]!]!;
    if (d.finals[s]!.length > 0) return true;
    if (s === d.dead) return false;
  }
  return false;
}

/** Whether `d` (anchored) is in a final state right after reading all of `bytes`. */
function acceptsExactly(d: ByteDfa, bytes: Uint8Array): boolean {
  let s = 0;
  for (const b of bytes) {
    if (d.finals[s]!.length > 0) return false;
    s = d.next[s * d.classCount + d.classes[b]!]!;
  }
  return bytes.length > 0 && d.finals[s]!.length > 0;
}

describe("byte automata from RE2 patterns (dfa.ts)", () => {
  const PATTERNS = ["a[^b]c", "(?i)k[\\w.-]*=\\S+", "x(?:\\d{2,3}|[A-Fa-f]+)$", "(?i)(?:ab|cd)?e[^\\s\"']{3,}(?:[;,]|$)", "q\\.[^\\x]{2}"];
  const TEXTS = fc
    .array(fc.constantFrom(..."abcdeqxkK=., \n;\"'0123456789AF".split("").map((s) => Buffer.from(s)), Buffer.from("é"), Buffer.from("€"), Buffer.from([0xff]), Buffer.from([0x80]), Buffer.from([0xc3])), { maxLength: 14 })
    .map((xs) => Buffer.concat(xs));

  test.each(PATTERNS.slice(0, 4))("anchored %s matches where RE2 does, on UTF-8 and on stray bytes", (pattern) => {
    const d = anchoredDfa(parseRe2(pattern));
    const re = new RE2(pattern, "y");
    fc.assert(
      fc.property(TEXTS, (buf) => {
        for (let p = 0; p < buf.length; p++) {
          re.lastIndex = p;
          expect([p, acceptsAt(d, buf, p)]).toEqual([p, re.test(buf)]);
        }
      }),
      { numRuns: 400, endOnFailure: true },
    );
  });

  test("a pattern splits into its leading words and the rest: a lead and the rest match where it does", () => {
    const pattern = "(?i)((?:pass|api[_.]?key|tokens?)[\\w]*)=(\\d+|$)";
    const split = splitLeading(parseRe2(pattern))!;
    // pass; api?key (one class: _ or .) and apikey; token, tokens
    expect(split.leads).toHaveLength(5);
    const leads = anchoredDfa({ t: "alt", xs: split.leads });
    const rest = anchoredDfa(split.rest);
    const re = new RE2(pattern, "y");
    fc.assert(
      fc.property(fc.array(fc.constantFrom("pass", "API", "_", ".", "key", "token", "s", "x", "=", "1", "\n"), { maxLength: 8 }), (parts) => {
        const buf = Buffer.from(parts.join(""));
        for (let p = 0; p < buf.length; p++) {
          // the leads are fixed-length: try each length that matches at p
          const viaSplit = [3, 4, 6, 7, 5].some((len) => acceptsExactly(leads, buf.subarray(p, p + len)) && acceptsAt(rest, buf, p + len));
          re.lastIndex = p;
          expect([p, viaSplit]).toEqual([p, re.test(buf)]);
        }
      }),
      { numRuns: 300, endOnFailure: true },
    );
    expect(splitLeading(parseRe2("[^a]b"))).toBeNull();
    expect(splitLeading(parseRe2("a*b"))).toBeNull();
  });

  test("a search DFA reports each alternative where it ends", () => {
    const d = searchDfa(["ab", "(?i)b"].map(parseRe2));
    const ends: string[] = [];
    let s = 0;
    Buffer.from("xaBab").forEach((byte, k) => {
      s = d.next[s * d.classCount + d.classes[byte]!]!;
      for (const f of d.finals[s]!) ends.push(`${f}@${k}`);
    });
    expect(ends).toEqual(["1@2", "0@4", "1@4"]);
  });

  test("syntax outside the subset is refused, so that RE2 keeps the pass", () => {
    for (const p of ["a.b", "^a", "(?=a)", "a\\1", "[é]", "\\bword", "(?s)a", PATTERNS[4]!]) expect(() => parseRe2(p)).toThrow(/unsupported/);
  });
});
