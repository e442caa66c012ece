/**
 * The WebAssembly module that runs the keyword pass's tables (pass-dfa.ts), emitted at build time
 * with the tables as its data. WebAssembly rather than JavaScript because a scan is one short
 * process: V8 runs a JavaScript loop in its interpreter until it has optimised it (the same loop in
 * JavaScript took 65 ms over the bench corpus in a fresh process, 27 ms once optimised, and made a
 * whole scan slower than RE2's pass: best 218 against 182 ms), while a module's code is compiled
 * before its first call. Written out here opcode by opcode (WebAssembly core spec, binary format, 5.4), as
 * in newlines.ts: a code generator for two functions needs no compiler toolchain.
 *
 * Memory: [STATE 16 bytes][search classes][folded classes][outputs index][outputs][search table]
 * [folded table][hits][input]. Class tables hold class × 4 (u16), state tables the next state's
 * byte offset (i32), so that a step is two loads and an add.
 *
 * `run(n, resume)`: the search DFA over input[0, n) as two streams (the second starting `longest`
 * bytes before the middle); at each accepting state, `emit` writes the hits it stands for, as
 * (offset, tag) pairs: a keyword's start and its tag (output >> 12, + 1); a leading word's start,
 * tag 0, where the anchored DFA of the rest of the folded rule accepts from the byte after it.
 * Returns -1 when a poison alternative was seen (RE2's pass decides), -2 when the anchored walks
 * went past their budget, else pairs written × 2, + 1 when done. When the hits region is nearly
 * full it saves its place in STATE and returns; `run(n, 1)` goes on.
 *
 * The budget: a walk from a leading word can run to the end of its line, and a line of leading
 * words ("pwdpwdpwd…") would make the walks quadratic in the line's length. The walks over one
 * input may take 4 steps a byte (+ 64 Ki) in all; past that the file is scanned without the pass
 * (as one with too many hits for it). RE2's pass would not do: each of its runs also goes to the
 * end of the match ("token=token=…" to the end of the line), and a run per hit is quadratic too.
 * Over the bench corpus the walks take about one step in twenty bytes.
 */
import { name, section, uleb } from "./wasm-binary.js";

export interface WasmLayout {
  /** search DFA: class of each byte; next states (state × classCount); accepting from `acceptFrom` */
  search: { classes: Uint8Array; classCount: number; next: ArrayLike<number>; acceptFrom: number; longest: number };
  /** per accepting state (from `acceptFrom`), its outputs (`tag << 12 | length << 2 | kind`, never 0) */
  outputs: number[][];
  /** the anchored DFA of what follows the folded rule's leading words; classes of the 256 bytes and EOT */
  folded: { classes: Uint8Array; classCount: number; next: ArrayLike<number>; acceptFrom: number; dead: number };
}

/** Hits the module holds before it hands them back (8 bytes each: offset, tag). */
export const HIT_CAPACITY = 16384;
const PAGE = 65536;

const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};

// instructions
const get = (l: number) => [0x20, l];
const set = (l: number) => [0x21, l];
const tee = (l: number) => [0x22, l];
const c32 = (v: number) => [0x41, ...sleb(v | 0)];
const load = (offset: number) => [0x28, 2, ...uleb(offset)];
const load8 = (offset: number) => [0x2d, 0, ...uleb(offset)];
const load16 = (offset: number) => [0x2f, 1, ...uleb(offset)];
const store = (offset: number) => [0x36, 2, ...uleb(offset)];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const ELSE = [0x05];
const END = [0x0b];
const br = (d: number) => [0x0c, d];
const brIf = (d: number) => [0x0d, d];
const RETURN = [0x0f];
const call = (f: number) => [0x10, f];
const globalGet = (g: number) => [0x23, g];
const globalSet = (g: number) => [0x24, g];
const SELECT = [0x1b];
const [EQZ, EQ, LT_S, GT_S, GE_S, GE_U] = [[0x45], [0x46], [0x48], [0x4a], [0x4e], [0x4f]];
const [ADD, SUB, DIV_U, AND, OR, SHL, SHR_U] = [[0x6a], [0x6b], [0x6e], [0x71], [0x72], [0x74], [0x76]];

const align = (n: number, to: number) => Math.ceil(n / to) * to;
const u16s = (xs: ArrayLike<number>) => {
  const b = Buffer.alloc(xs.length * 2);
  for (let k = 0; k < xs.length; k++) b.writeUInt16LE(xs[k]!, k * 2);
  return b;
};
const i32s = (xs: ArrayLike<number>) => {
  const b = Buffer.alloc(xs.length * 4);
  for (let k = 0; k < xs.length; k++) b.writeInt32LE(xs[k]!, k * 4);
  return b;
};

/** The module's bytes, and where its hits and input live. */
export function passModule(t: WasmLayout): { wasm: Buffer; hitsAt: number; inputAt: number } {
  const s = t.search;
  const f = t.folded;
  const segments: [number, Buffer][] = [];
  let at = 16; // STATE: i, j, a, b of a run that returned early
  const place = (bytes: Buffer, to = 4) => {
    at = align(at, to);
    segments.push([at, bytes]);
    const where = at;
    at += bytes.length;
    return where;
  };
  const SCLS = place(u16s(Array.from(s.classes.subarray(0, 256), (c) => c * 4)));
  const FCLS = place(u16s(Array.from(f.classes, (c) => c * 4)));
  const codes: number[] = [];
  const index = t.outputs.map((outs) => {
    const start = codes.length * 4;
    codes.push(...outs, 0);
    return start;
  });
  const OUTIDX = place(i32s(index));
  const OUTS = place(i32s(codes));
  const STAB = place(i32s(Array.from(s.next, (state) => state * s.classCount * 4)), 64);
  const FTAB = place(i32s(Array.from(f.next, (state) => state * f.classCount * 4)), 64);
  const HITS = align(at, 64);
  const INPUT = HITS + HIT_CAPACITY * 8;
  const ACC = s.acceptFrom * s.classCount * 4;
  const NCB = s.classCount * 4;
  const FACC = f.acceptFrom * f.classCount * 4;
  const FDEAD = f.dead < 0 ? -1 : f.dead * f.classCount * 4;
  const maxOut = Math.max(1, ...t.outputs.map((o) => o.length));
  // past this, the next step could overflow the hits region
  const LIMIT = INPUT - 2 * maxOut * 8 - 8;

  // run(n, resume): locals 0 n, 1 resume, 2 i, 3 j, 4 half, 5 a, 6 b, 7 h (where the next hit goes)
  const step = (state: number, pos: number) => [...get(state), ...get(pos), ...load8(INPUT), ...c32(1), ...SHL, ...load16(SCLS), ...ADD, ...load(STAB), ...set(state)];
  // emit's -1 or -2 is run's result
  const emitAt = (pos: number, state: number) => [...get(pos), ...get(state), ...get(7), ...get(0), ...call(1), ...tee(7), ...c32(0), ...LT_S, ...IF, ...get(7), ...RETURN, ...END];
  const hitsWritten = [...get(7), ...c32(HITS), ...SUB, ...c32(3), ...SHR_U, ...c32(1), ...SHL];
  const saveAndReturn = (i: number[]) => [
    ...c32(0), ...i, ...store(0),
    ...c32(0), ...get(3), ...c32(1), ...ADD, ...store(4),
    ...c32(0), ...get(5), ...store(8),
    ...c32(0), ...get(6), ...store(12),
    ...hitsWritten, ...RETURN,
  ];
  const accepting = (l: number) => [...get(l), ...c32(ACC), ...GE_U];
  const run = [
    1, 6, 0x7f, // 6 locals of type i32
    ...get(0), ...c32(1), ...SHR_U, ...set(4),
    ...get(1), ...IF,
    ...c32(0), ...load(0), ...set(2), ...c32(0), ...load(4), ...set(3),
    ...c32(0), ...load(8), ...set(5), ...c32(0), ...load(12), ...set(6),
    ...ELSE,
    // the walks' budget (global 0): 4 steps a byte, + 64 Ki (all there is past 512 MB)
    ...get(0), ...c32(2), ...SHL, ...c32(65536), ...ADD, ...c32(0x7fffffff), ...get(0), ...c32(0x1fff0000), ...LT_S, ...SELECT, ...globalSet(0),
    ...c32(0), ...set(2),
    // j = max(0, half - longest)
    ...get(4), ...c32(s.longest), ...SUB, ...c32(0), ...get(4), ...c32(s.longest), ...GT_S, ...SELECT, ...set(3),
    ...c32(0), ...set(5), ...c32(0), ...set(6),
    ...END,
    ...c32(HITS), ...set(7),
    // both streams: i over [0, half), j from half - longest
    ...BLOCK, ...LOOP,
    ...get(2), ...get(4), ...GE_U, ...brIf(1),
    ...step(5, 2), ...step(6, 3),
    ...accepting(5), ...accepting(6), ...OR, ...IF,
    ...accepting(5), ...IF, ...emitAt(2, 5), ...END,
    ...accepting(6), ...IF, ...emitAt(3, 6), ...END,
    ...get(7), ...c32(LIMIT), ...GT_S, ...IF, ...saveAndReturn([...get(2), ...c32(1), ...ADD]), ...END,
    ...END,
    ...get(2), ...c32(1), ...ADD, ...set(2),
    ...get(3), ...c32(1), ...ADD, ...set(3),
    ...br(0), ...END, ...END,
    // the second stream to the end
    ...BLOCK, ...LOOP,
    ...get(3), ...get(0), ...GE_U, ...brIf(1),
    ...step(6, 3),
    ...accepting(6), ...IF,
    ...emitAt(3, 6),
    ...get(7), ...c32(LIMIT), ...GT_S, ...IF, ...saveAndReturn(get(4)), ...END,
    ...END,
    ...get(3), ...c32(1), ...ADD, ...set(3),
    ...br(0), ...END, ...END,
    ...hitsWritten, ...c32(1), ...OR,
    ...END,
  ];

  // emit(end, s, h, n) -> h: locals 0 end, 1 s, 2 h, 3 n, 4 o (next output), 5 code, 6 start, 7 p, 8 f (folded state)
  const emit = [
    1, 5, 0x7f, // 5 locals of type i32
    ...get(1), ...c32(ACC), ...SUB, ...c32(NCB), ...DIV_U, ...c32(2), ...SHL, ...load(OUTIDX), ...set(4),
    ...BLOCK, ...LOOP,
    ...get(4), ...load(OUTS), ...tee(5), ...EQZ, ...brIf(1),
    ...get(4), ...c32(4), ...ADD, ...set(4),
    // start = end + 1 - length (bits 2-11 of the output)
    ...get(0), ...c32(1), ...ADD, ...get(5), ...c32(2), ...SHR_U, ...c32(1023), ...AND, ...SUB, ...set(6),
    // kind 2: poison
    ...get(5), ...c32(3), ...AND, ...c32(2), ...EQ, ...IF, ...c32(-1), ...RETURN, ...END,
    // kind 0: a keyword starts here
    ...get(5), ...c32(3), ...AND, ...EQZ, ...IF,
    ...get(2), ...get(6), ...store(0), ...get(2), ...get(5), ...c32(12), ...SHR_U, ...c32(1), ...ADD, ...store(4),
    ...get(2), ...c32(8), ...ADD, ...set(2),
    ...br(1), ...END,
    // kind 1: the anchored DFA of what follows the folded rule's leading word, from the byte after
    // it (`end` + 1); past the input it reads EOT (class 256)
    ...c32(0), ...set(8), ...get(0), ...c32(1), ...ADD, ...set(7),
    ...BLOCK, ...LOOP,
    ...get(8), ...get(7), ...load8(INPUT), ...c32(256), ...get(7), ...get(3), ...LT_S, ...SELECT,
    ...c32(1), ...SHL, ...load16(FCLS), ...ADD, ...load(FTAB), ...tee(8),
    ...c32(FACC), ...GE_U, ...IF,
    ...get(2), ...get(6), ...store(0), ...get(2), ...c32(0), ...store(4), ...get(2), ...c32(8), ...ADD, ...set(2),
    ...br(2), ...END,
    ...get(8), ...c32(FDEAD), ...EQ, ...get(7), ...get(3), ...GE_S, ...OR, ...brIf(1),
    ...get(7), ...c32(1), ...ADD, ...set(7),
    ...br(0), ...END, ...END,
    // the walk's steps come out of the budget
    ...globalGet(0), ...get(7), ...get(0), ...SUB, ...SUB, ...globalSet(0),
    ...globalGet(0), ...c32(0), ...LT_S, ...IF, ...c32(-2), ...RETURN, ...END,
    ...br(0), ...END, ...END,
    ...get(2),
    ...END,
  ];

  const I32 = 0x7f;
  const body = (code: number[]) => [...uleb(code.length), ...code];
  // the data section is large (the tables): assembled as buffers, not spread into arrays
  const data = Buffer.concat([Buffer.from(uleb(segments.length)), ...segments.flatMap(([offset, bytes]) => [Buffer.from([0, ...c32(offset), ...END, ...uleb(bytes.length)]), bytes])]);
  const wasm = Buffer.concat([
    Buffer.from([
      0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // "\0asm", version 1
      ...section(1, [2, 0x60, 2, I32, I32, 1, I32, 0x60, 4, I32, I32, I32, I32, 1, I32]), // types
      ...section(3, [2, 0, 1]), // run: type 0, emit: type 1
      ...section(5, [1, 0, ...uleb(Math.ceil((INPUT + 1) / PAGE))]), // memory, grown for each input
      ...section(6, [1, I32, 1, ...c32(0), ...END]), // global 0: the walks' budget (mutable i32)
      ...section(7, [2, ...name("run"), 0, 0, ...name("mem"), 2, 0]), // exports
      ...section(10, [2, ...body(run), ...body(emit)]),
      11, ...uleb(data.length),
    ]),
    data,
  ]);
  return { wasm, hitsAt: HITS, inputAt: INPUT };
}
