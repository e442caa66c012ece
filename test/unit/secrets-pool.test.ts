import { describe, expect, test } from "@jest/globals";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FileScan, PassedFile } from "../../src/secrets/engine.js";
import { ALPHA, fakes } from "../helpers/secrets.js";

// The pipeline of scan-secrets (scan-secrets-pool.ts) with its real helper thread, which runs the
// bundled worker: these tests use the built modules (npm run build), as the command does.
type Pool = typeof import("../../src/cli/scan-secrets-pool.js");
type Engine = typeof import("../../src/secrets/engine.js");
type Files = typeof import("../../src/cli/scan-secrets-files.js");
type Helpers = NonNullable<ReturnType<Pool["ScanHelpers"]["start"]>>;
const built = existsSync(path.resolve("lib/cli/scan-secrets-worker.cjs"));
const load = async () => ({
  pool: (await import(path.resolve("lib/cli/scan-secrets-pool.js"))) as Pool,
  engine: (await import(path.resolve("lib/secrets/engine.js"))) as Engine,
  files: (await import(path.resolve("lib/cli/scan-secrets-files.js"))) as Files,
});

const { str } = fakes(21);
const key = Buffer.alloc(32, 9);
const filler = "const value = compute(input, 42); // token handling\n".repeat(1500);
const texts = Array.from({ length: 120 }, (_, i) => filler + (i % 5 === 0 ? `t = "${"gh" + "p_" + str(36, ALPHA.b62)}"\npassword = "${str(14, ALPHA.b62)}7"\n` : ""));
/** The files of `texts` in a new directory. */
function withFiles(fn: (jobs: { shown: string; file: string }[]) => Promise<void>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "secrets-pool-"));
  const jobs = texts.map((t, i) => ({ shown: `f${i}.js`, file: path.join(dir, `f${i}.js`) }));
  jobs.forEach((j, i) => writeFileSync(j.file, texts[i]!));
  return fn(jobs).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * Runs the pipeline over the files; `passed` counts files this thread passed, `here` those whose
 * second stage ran here (the rest: a helper finished them, or scanned them whole).
 */
async function pipeline(before: (h: Helpers) => Promise<void> | void, during: (i: number, h: Helpers) => void = () => undefined) {
  const { pool, engine, files } = await load();
  const helpers = pool.ScanHelpers.start(1)!;
  expect(helpers).not.toBeNull();
  await before(helpers);
  let passed = 0;
  let here = 0;
  let out: FileScan[] = [];
  let want: FileScan[] = [];
  try {
    await withFiles(async (jobs) => {
      want = jobs.map((j) => files.scanFile(j, { key }));
      out = await helpers.run(
        jobs,
        { key },
        (i, alloc) => {
          during(i, helpers);
          passed++;
          return files.passFile(jobs[i]!, { key }, alloc);
        },
        (file: PassedFile) => {
          here++;
          return engine.finishScan(file, { key });
        },
      );
    });
  } finally {
    helpers.stop();
  }
  return { out, want, passed, here };
}

describe("scan-secrets helper threads (built)", () => {
  (built ? test : test.skip)("a running helper finishes files this thread passed: the same results, in file order", async () => {
    // the helper has started when the run begins
    const { out, want, passed, here } = await pipeline(() => new Promise((resolve) => setTimeout(resolve, 1500)));
    expect(want.flatMap((r) => r.findings)).toHaveLength(48);
    expect(out).toEqual(want);
    // the helper finished files this thread passed (how many depends on the machine's load)
    expect(here).toBeLessThan(passed);
  });

  (built ? test : test.skip)("a helper with nothing waiting scans whole files from the end, which this thread skips", async () => {
    // this thread is slow (a slow disk, say): the helper runs out of passed files
    const slow = () => {
      for (const t = Date.now(); Date.now() - t < 4; );
    };
    const { out, want, passed } = await pipeline(() => new Promise((resolve) => setTimeout(resolve, 1500)), slow);
    expect(out).toEqual(want);
    expect(passed).toBeLessThan(texts.length);
  });

  (built ? test : test.skip)("a helper that never runs: every file is taken back and finished here", async () => {
    const { out, want, passed, here } = await pipeline((h) => h.stop());
    expect(out).toEqual(want);
    expect([passed, here]).toEqual([texts.length, texts.length]);
  });

  (built ? test : test.skip)("a helper stopped in the middle: the files it held are scanned here", async () => {
    const { out, want } = await pipeline(
      () => new Promise((resolve) => setTimeout(resolve, 1500)),
      (i, h) => i === 30 && h.stop(),
    );
    expect(out).toEqual(want);
  });
});
