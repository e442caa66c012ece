/**
 * A helper thread of `scan-secrets` (see scan-secrets-pool.ts): finishes the scan of files the main
 * thread read and passed, each claimed first in shared memory, and, when none is waiting, scans
 * whole files from the end of the list until it meets the main thread. It posts back results,
 * which hold masked findings only (never a raw value). Bundled as CommonJS (scripts/bundle-scan-secrets.mjs).
 */
import { parentPort, receiveMessageOnPort } from "node:worker_threads";
import { finishScan, type ScanOptions } from "../secrets/engine.js";
import { scanFile, type FileJob } from "./scan-secrets-files.js";
import { PASSED, STOLEN, type FromHelper, type ToHelper } from "./scan-secrets-pool.js";

const port = parentPort!;
let opts: ScanOptions | null = null;
let claims: Int32Array = new Int32Array(0);
let finished: Int32Array = new Int32Array(0);
let mark = 0;
let jobs: FileJob[] = [];
/** the next file to scan whole, from the end; -1 once the main thread has reached it */
let tail = -1;

port.on("message", (m: ToHelper) => {
  handle(m);
  work();
});

function handle(m: ToHelper): void {
  if (m.type === "task") {
    opts = { key: Buffer.from(m.key), ...(m.maxFileBytes ? { maxFileBytes: m.maxFileBytes } : {}), ...(m.maxLineBytes ? { maxLineBytes: m.maxLineBytes } : {}) };
    claims = new Int32Array(m.claims);
    finished = new Int32Array(m.finished);
    mark = m.helper + 1;
    jobs = m.jobs;
    tail = jobs.length - 1;
  } else if (m.type === "file") {
    // the main thread may have taken it back
    if (Atomics.compareExchange(claims, m.index, PASSED, mark) !== PASSED) return;
    const { buf } = m.file;
    // a Buffer arrives as a plain Uint8Array over the same shared memory
    const file = { ...m.file, buf: Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) };
    post({ type: "result", index: m.index, result: finishScan(file, opts!) });
    // its bytes may now hold another file
    Atomics.store(finished, m.index, 1);
  } else {
    post({ type: "flushed" });
  }
}

/**
 * The files handed over first, in order; when none is waiting, a whole file from the end of the
 * list. (Whole files first made the helper finish last on 2 cores: it starts cold, and scanning a
 * whole file cold costs it several times what finishing a passed one does.)
 */
function work(): void {
  for (;;) {
    const next = receiveMessageOnPort(port);
    if (next) handle(next.message as ToHelper);
    else if (!scanWhole()) return;
  }
}

function scanWhole(): boolean {
  if (!opts || tail < 0) return false;
  const j = tail--;
  if (Atomics.compareExchange(claims, j, 0, mark + STOLEN) !== 0) {
    tail = -1;
    return false;
  }
  post({ type: "result", index: j, result: scanFile(jobs[j]!, opts) });
  return true;
}

const post = (m: FromHelper) => port.postMessage(m);
