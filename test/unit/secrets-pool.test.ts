import { describe, expect, test } from "@jest/globals";
import { existsSync } from "node:fs";
import path from "node:path";
import type { FileScan, PassedFile } from "../../src/secrets/engine.js";
import { ALPHA, fakes } from "../helpers/secrets.js";

// The pipeline of scan-secrets (scan-secrets-pool.ts) with its real helper thread, which runs the
// bundled worker: these tests use the built modules (npm run build), as the command does.
type Pool = typeof import("../../src/cli/scan-secrets-pool.js");
type Engine = typeof import("../../src/secrets/engine.js");
type Helpers = NonNullable<ReturnType<Pool["ScanHelpers"]["start"]>>;
const built = existsSync(path.resolve("lib/cli/scan-secrets-worker.cjs"));
const load = async () => ({
  pool: (await import(path.resolve("lib/cli/scan-secrets-pool.js"))) as Pool,
  engine: (await import(path.resolve("lib/secrets/engine.js"))) as Engine,
});

const { str } = fakes(21);
const key = Buffer.alloc(32, 9);
const filler = "const value = compute(input, 42); // token handling\n".repeat(1500);
const texts = Array.from({ length: 120 }, (_, i) => filler + (i % 5 === 0 ? `t = "${"gh" + "p_" + str(36, ALPHA.b62)}"\npassword = "${str(14, ALPHA.b62)}7"\n` : ""));
const name = (i: number) => `f${i}.js`;

/** Runs the pipeline over `texts`; `here` counts files whose second stage ran in this thread. */
async function pipeline(before: (h: Helpers) => Promise<void> | void, during: (i: number, h: Helpers) => void = () => undefined) {
  const { pool, engine } = await load();
  const helpers = pool.ScanHelpers.start(1)!;
  expect(helpers).not.toBeNull();
  await before(helpers);
  let here = 0;
  try {
    const out = await helpers.run(
      texts.length,
      { key },
      (i, shared) => {
        during(i, helpers);
        const bytes = Buffer.from(texts[i]!);
        const buf = shared ? Buffer.from(new SharedArrayBuffer(bytes.length)) : bytes;
        if (shared) bytes.copy(buf);
        return engine.passBuffer(name(i), buf, { key });
      },
      (file: PassedFile) => {
        here++;
        return engine.finishScan(file, { key });
      },
    );
    return { out, here };
  } finally {
    helpers.stop();
  }
}

const expected = async (): Promise<FileScan[]> => {
  const { engine } = await load();
  return texts.map((t, i) => engine.scanBuffer(name(i), Buffer.from(t), { key }));
};

describe("scan-secrets helper threads (built)", () => {
  (built ? test : test.skip)("a running helper finishes files this thread passed: the same results, in file order", async () => {
    // the helper has started when the run begins
    const { out, here } = await pipeline(() => new Promise((resolve) => setTimeout(resolve, 1500)));
    const want = await expected();
    expect(want.flatMap((r) => r.findings)).toHaveLength(48);
    expect(out).toEqual(want);
    expect(here).toBeLessThan(texts.length / 2);
  });

  (built ? test : test.skip)("a helper that never runs: every file is taken back and finished here", async () => {
    const { out, here } = await pipeline((h) => h.stop());
    expect(out).toEqual(await expected());
    expect(here).toBe(texts.length);
  });

  (built ? test : test.skip)("a helper stopped in the middle: the files it held are scanned here", async () => {
    const { out } = await pipeline(
      () => new Promise((resolve) => setTimeout(resolve, 1500)),
      (i, h) => i === 60 && h.stop(),
    );
    expect(out).toEqual(await expected());
  });
});
