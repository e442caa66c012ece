/**
 * The pieces of the WebAssembly binary format (core spec 5.2, 5.5) that the hand-written modules
 * share (newlines.ts, pass-wasm.ts): integers as LEB128, sections, names.
 */

/** An unsigned integer as unsigned LEB128. */
export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};

/** A section: its id, its size, its bytes. */
export const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];

/** A name (export or import): its length, its bytes. */
export const name = (s: string) => [s.length, ...Buffer.from(s, "latin1")];
