import { availableParallelism } from "node:os";
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { DEFAULT_MAX_FILE_BYTES, scanBuffer, type FileScan, type ScanOptions } from "../secrets/engine.js";

/** One file to scan: the path shown in reports, the path on disk, its size. */
export interface FileJob {
  shown: string;
  file: string;
  size: number;
}

export function scanFiles(jobs: FileJob[], opts: ScanOptions): FileScan[] {
  return jobs.map((j) => scanFile(j, opts));
}

function scanFile(j: FileJob, opts: ScanOptions): FileScan {
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (j.size > max) return { path: j.shown, findings: [], bytes: 0, skipped: `${j.size} bytes, over the ${max}-byte limit`, partial: null };
  let buf: Buffer;
  try {
    buf = readFileSync(j.file);
  } catch (err) {
    return { path: j.shown, findings: [], bytes: 0, skipped: `unreadable: ${(err as NodeJS.ErrnoException).code ?? "error"}`, partial: null };
  }
  return scanBuffer(j.shown, buf, { ...opts, allowPath: undefined });
}

export function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

// Below this a worker's start-up (~40 ms: a thread, the RE2 addon, the rules) costs more than it saves.
const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;
const WORKER = new URL("./scan-secrets-worker.js", import.meta.url);

/**
 * Scan on this thread, and on worker threads when the tree is large and there are cores for
 * them (SCORECARD_SECRETS_THREADS sets the count; 1 = this thread only). Results keep `jobs` order.
 */
export async function scanFilesParallel(jobs: FileJob[], opts: ScanOptions): Promise<FileScan[]> {
  const total = jobs.reduce((n, j) => n + j.size, 0);
  // Measured on 2 shared cores: a second thread's start-up (~150 ms of CPU) cost more than it
  // saved, so threads are used by default only from 4 cores on.
  const cores = availableParallelism();
  const cap = Number(process.env.SCORECARD_SECRETS_THREADS ?? (cores >= 4 ? 4 : 1));
  const threads = Math.max(1, Math.min(Number.isFinite(cap) ? cap : 1, cores, Math.floor(jobs.length / 4)));
  // from sources run by the test runner the worker's compiled file does not exist: scan here
  if (threads < 2 || total < PARALLEL_MIN_BYTES || !existsSync(fileURLToPath(WORKER))) return scanFiles(jobs, opts);
  const bins = splitBySize(jobs, threads);
  const workers = bins.slice(1).map(
    (bin) =>
      new Promise<FileScan[]>((resolve, reject) => {
        const w = new Worker(WORKER, { workerData: { jobs: bin.map((i) => jobs[i]), key: new Uint8Array(opts.key), maxFileBytes: opts.maxFileBytes } });
        w.once("message", resolve);
        w.once("error", reject);
        w.once("exit", (code) => code !== 0 && reject(new Error(`scanner thread exited with ${code}`)));
      }),
  );
  const mine = scanFiles(bins[0]!.map((i) => jobs[i]!), opts);
  const theirs = await Promise.all(workers);
  const out: FileScan[] = new Array(jobs.length);
  [mine, ...theirs].forEach((results, b) => results.forEach((r, k) => (out[bins[b]![k]!] = r)));
  return out;
}

/** Indexes of `jobs` in `n` bins of about equal bytes (largest first, into the lightest bin). */
function splitBySize(jobs: FileJob[], n: number): number[][] {
  const bins = Array.from({ length: n }, () => ({ bytes: 0, items: [] as number[] }));
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]!.size - jobs[a]!.size);
  for (const i of order) {
    const lightest = bins.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.items.push(i);
    lightest.bytes += jobs[i]!.size;
  }
  return bins.map((b) => b.items);
}
