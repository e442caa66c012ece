/**
 * A helper thread of `scan-secrets` (see scan-secrets-pool.ts): loads the scanner at once, then
 * takes files through the shared counter until none are left and posts back the results, which
 * hold masked findings only (never a raw value).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { FileScan } from "../secrets/engine.js";
import type { HelperTask } from "./scan-secrets-pool.js";
import { scanFile, type FileJob } from "./scan-secrets-files.js";

const { shared, flag } = workerData as { shared: SharedArrayBuffer; flag: number };
const state = new Int32Array(shared);

parentPort!.once("message", (task: HelperTask<FileJob>) => {
  // announce before taking the first file: from then on the main thread waits for this reply
  Atomics.store(state, flag, 1);
  const opts = { key: Buffer.from(task.key), ...(task.maxFileBytes ? { maxFileBytes: task.maxFileBytes } : {}) };
  const out: [number, FileScan][] = [];
  for (let i = Atomics.add(state, 0, 1); i < task.jobs.length; i = Atomics.add(state, 0, 1)) out.push([i, scanFile(task.jobs[i]!, opts)]);
  parentPort!.postMessage(out);
});
