import { expect, test } from "@jest/globals";
import fc from "fast-check";
import { scanText } from "../../src/secrets/engine.js";
import { countNewlines } from "../../src/secrets/newlines.js";
import { ALPHA, fakes } from "../helpers/secrets.js";

const reference = (buf: Uint8Array, from: number, to: number) => buf.subarray(from, to).filter((b) => b === 10).length;

test("countNewlines counts line feeds in any range, with and without WebAssembly", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3000, size: "max" }), fc.nat(), fc.nat(), fc.boolean(), (bytes, a, b, useWasm) => {
      // line feeds dense enough to matter; 0x0a-like bytes (0x8a, 0x1a) must not count
      const buf = Buffer.from(bytes.map((x) => (x % 5 === 0 ? 10 : x)));
      const from = buf.length ? a % (buf.length + 1) : 0;
      const to = from + (buf.length - from ? b % (buf.length - from + 1) : 0);
      expect(countNewlines(buf, from, to, useWasm)).toBe(reference(buf, from, to));
    }),
    // a failure is reported as found: shrinking 3,000-byte arrays takes minutes
    { numRuns: 300, endOnFailure: true },
  );
});

test("countNewlines across the 1 MiB chunks it copies, at unaligned offsets", () => {
  const buf = Buffer.alloc(3 * (1 << 20) + 77, 0x61);
  for (let i = 3; i < buf.length; i += 37) buf[i] = 10;
  for (const [from, to] of [[0, buf.length], [1, buf.length - 1], [(1 << 20) - 5, (1 << 20) + 5], [13, 2 * (1 << 20) + 31]] as const) {
    expect(countNewlines(buf, from, to)).toBe(reference(buf, from, to));
  }
});

test("findings far into a file keep their line and column", () => {
  const { str } = fakes(3);
  const token = "gh" + "p_" + str(36, ALPHA.b62);
  const filler = Array.from({ length: 5000 }, (_, i) => `line ${i} ${"x".repeat(i % 90)}`);
  const text = [...filler, `  t = "${token}"`, ...filler, `é t2 = "${token.slice(0, -1)}Z"`].join("\n");
  const found = scanText("big.js", text, { key: Buffer.alloc(32, 1) }).findings.map((f) => [f.line, f.column]);
  expect(found).toEqual([
    [5001, 8],
    [10002, 9],
  ]);
});
