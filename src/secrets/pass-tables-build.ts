/**
 * Builds the keyword pass's tables (pass-dfa.ts) from a rule set, and the module that ships them
 * (pass-tables.ts, written by scripts/gen-pass-tables.mjs; a test fails when it is stale).
 */
import { escapeRe2, passParts, passSignature } from "./compile.js";
import { anchoredDfa, fixedLength, parseRe2, searchDfa, splitLeading, type ByteDfa } from "./dfa.js";
import { FOLDED_LEAD, KEYWORD, POISON, type PassTables } from "./pass-dfa.js";
import { passModule } from "./pass-wasm.js";
import type { Rule } from "./rule.js";

/** UTF-8 of U+017F (ſ) and U+212A (K): RE2's (?i) folds them with s and k; the tables do not. */
const POISON_BYTES = [
  [0xc5, 0xbf],
  [0xe2, 0x84, 0xaa],
];

/** Tables for `rules`' pass; throws when a pattern is outside what dfa.ts handles (RE2 then runs the pass). */
export function buildPassTables(rules: readonly Rule[]): PassTables & { wasm: Buffer } {
  const parts = passParts(rules);
  if (!parts) throw new Error("no rule is folded into the keyword pass");
  // a keyword's tag is its index in `parts.keywords`
  const alternatives: { node: ReturnType<typeof parseRe2>; length: number; kind: number; tag: number }[] = [];
  parts.keywords.forEach((k, tag) => {
    const node = parseRe2(k);
    const length = fixedLength(node);
    if (length <= 0 || length >= 1024) throw new Error(`keyword ${k}: not of one fixed length under 1024`);
    alternatives.push({ node, length, kind: KEYWORD, tag });
  });
  // a `Rule.startsWith` text is tagged after the keywords
  parts.anchors.forEach(({ text }, k) => {
    const node = parseRe2(escapeRe2(text));
    alternatives.push({ node, length: fixedLength(node), kind: KEYWORD, tag: parts.keywords.length + k });
  });
  const folded = parseRe2(parts.folded);
  // the search DFA finds the folded rule's leading words; the anchored DFA runs what follows them
  const split = splitLeading(folded);
  if (!split) throw new Error("the folded rule does not start with a finite choice of words");
  for (const node of split.leads) alternatives.push({ node, length: fixedLength(node), kind: FOLDED_LEAD, tag: 0 });
  for (const bytes of POISON_BYTES) {
    const xs = bytes.map((b) => {
      const set = new Uint8Array(256);
      set[b] = 1;
      return { t: "set" as const, set, neg: false };
    });
    alternatives.push({ node: { t: "seq", xs }, length: bytes.length, kind: POISON, tag: 0 });
  }
  const search = searchDfa(alternatives.map((a) => a.node));
  const byAccepting = acceptingLast(search, (s) => search.finals[s]!.length > 0);
  const outputs = byAccepting.order
    .slice(byAccepting.acceptFrom)
    .map((s) => [...new Set(search.finals[s]!.map((k) => (alternatives[k]!.tag << 12) | (alternatives[k]!.length << 2) | alternatives[k]!.kind))].sort((x, y) => x - y));
  const anchored = anchoredDfa(split.rest);
  const foldedOrder = acceptingLast(anchored, (s) => anchored.finals[s]!.length > 0);
  const { wasm, hitsAt, inputAt } = passModule({
    search: { ...renumber(search, byAccepting.newId), acceptFrom: byAccepting.acceptFrom, longest: Math.max(...alternatives.map((a) => a.length)) },
    outputs,
    folded: { ...renumber(anchored, foldedOrder.newId), acceptFrom: foldedOrder.acceptFrom, dead: anchored.dead < 0 ? -1 : foldedOrder.newId[anchored.dead]! },
  });
  return {
    signature: passSignature(parts),
    wasm,
    hitsAt,
    inputAt,
    firstAnchorTag: parts.keywords.length + 1,
    stats: { searchStates: search.stateCount, searchClasses: search.classCount, foldedStates: anchored.stateCount, foldedClasses: anchored.classCount },
  };
}

/** Renumbers states so that the accepting ones come last, the start (0) staying first. */
function acceptingLast(dfa: ByteDfa, accepting: (s: number) => boolean): { order: number[]; newId: Int32Array; acceptFrom: number } {
  const ids = Array.from({ length: dfa.stateCount }, (_, s) => s);
  if (accepting(0)) throw new Error("the pass would match the empty string");
  const order = [...ids.filter((s) => !accepting(s)), ...ids.filter(accepting)];
  const newId = new Int32Array(dfa.stateCount);
  order.forEach((s, k) => (newId[s] = k));
  return { order, newId, acceptFrom: order.findIndex(accepting) < 0 ? dfa.stateCount : order.findIndex(accepting) };
}

/** The DFA's classes and transitions with its states renumbered. */
function renumber(dfa: ByteDfa, newId: Int32Array): { classes: Uint8Array; classCount: number; next: Uint16Array } {
  const next = new Uint16Array(dfa.next.length);
  for (let s = 0; s < dfa.stateCount; s++) {
    for (let c = 0; c < dfa.classCount; c++) next[newId[s]! * dfa.classCount + c] = newId[dfa.next[s * dfa.classCount + c]!]!;
  }
  return { classes: dfa.classes, classCount: dfa.classCount, next };
}

/**
 * The source of pass-tables.ts for `tables` (the module's bytes are written to pass.wasm, next to
 * it: as a string in the source, V8 took 4-5 ms of every start to scan them).
 */
export function passTablesModule(tables: PassTables): string {
  const { signature, hitsAt, inputAt, firstAnchorTag, stats } = tables;
  return [
    "// Generated by scripts/gen-pass-tables.mjs from the rules (rules.ts), with pass.wasm: do not",
    "// edit. Run `npm run pass-tables` after changing a rule's keywords, `startsWith` or the folded",
    "// rule's pattern; until then the pass runs on RE2, and a test says they are stale.",
    'import { fs } from "./require.js";',
    'import type { PassTables } from "./pass-dfa.js";',
    "",
    `export const PASS_TABLES: PassTables = ${JSON.stringify({ signature, hitsAt, inputAt, firstAnchorTag, stats }, null, 2)};`,
    "",
    "/** The module's bytes: pass.wasm, next to this file (the build copies it next to the bundle too). */",
    'export const passWasm = (): Uint8Array => fs.readFileSync(new URL("./pass.wasm", import.meta.url));',
    "",
  ].join("\n");
}
