/**
 * A helper thread of `scan-secrets` (see scan-secrets-pool.ts): finishes the scan of files the main
 * thread read and passed, each claimed first in shared memory, and posts back their results, which
 * hold masked findings only (never a raw value). Bundled as CommonJS (scripts/bundle-scan-secrets.mjs).
 */
import { parentPort } from "node:worker_threads";
import { finishScan, type ScanOptions } from "../secrets/engine.js";
import type { FromHelper, ToHelper } from "./scan-secrets-pool.js";

let opts: ScanOptions | null = null;
let claims: Int32Array = new Int32Array(0);
let mark = 0;

parentPort!.on("message", (m: ToHelper) => {
  if (m.type === "task") {
    opts = { key: Buffer.from(m.key), ...(m.maxFileBytes ? { maxFileBytes: m.maxFileBytes } : {}), ...(m.maxLineBytes ? { maxLineBytes: m.maxLineBytes } : {}) };
    claims = new Int32Array(m.claims);
    mark = m.helper + 1;
  } else if (m.type === "file") {
    // the main thread may have taken it back
    if (Atomics.compareExchange(claims, m.index, 0, mark) !== 0) return;
    const { buf } = m.file;
    // a Buffer arrives as a plain Uint8Array over the same shared memory
    const file = { ...m.file, buf: Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) };
    post({ type: "result", index: m.index, result: finishScan(file, opts!) });
  } else {
    post({ type: "flushed" });
  }
});

const post = (m: FromHelper) => parentPort!.postMessage(m);
