/**
 * Helper threads of `scan-secrets`: a pipeline. This thread reads each file and runs the keyword
 * pass over it (the first stage, passBuffer in engine.ts); a helper finishes the scan (the rules the
 * pass enabled and the findings, finishScan), while this thread reads and passes the next files.
 * Each stage costs about half of a cold scan, and each thread pays start-up costs (compiled
 * regexes, their DFA states, JIT) only for its own stage; splitting whole files between threads
 * instead made each thread pay for both, and saved nothing on 2 cores. The second stage is the
 * cheaper one: a helper with nothing handed to it (several helpers, a slow disk) scans whole files
 * from the end of the list, which this thread then skips, until the two meet.
 *
 * A file is handed over in shared memory (SharedArrayBuffer), with the pass as plain numbers.
 * Every hand-over is also a claim slot in shared memory: a helper claims a file before it scans
 * it, and at the end this thread takes back every file no helper has claimed (a helper that is
 * slow to start or busy is never waited for). Past MAX_BACKLOG files not yet taken, this thread
 * finishes files itself. A helper that fails costs nothing but time: this thread keeps every file
 * it handed over until its result arrives, and scans again those whose result never came.
 * Results hold masked findings only: a raw value never crosses threads.
 *
 * Helpers are started before this thread has loaded the scanner or walked the tree, so that
 * their start-up (~40 ms of CPU: a thread, the RE2 addon, the rules) overlaps that work. This
 * module imports Node built-ins only: loading the scanner here would delay the helpers' start.
 */
import { fs } from "../secrets/require.js";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import type { Worker } from "node:worker_threads";
import type { FileScan, PassedFile, ScanOptions } from "../secrets/engine.js";
import type { FileJob } from "./scan-secrets-files.js";

const { existsSync, readFileSync } = fs;

/** What a helper needs to scan like this thread does (the key is the fingerprint key). */
export interface HelperTask {
  key: Uint8Array;
  maxFileBytes?: number;
  maxLineBytes?: number;
  /**
   * One Int32 per file: 0 untouched, PASSED here, k + 1 claimed by helper k (handed over), k + 1 +
   * STOLEN scanned whole by helper k, TAKEN back by this thread.
   */
  claims: SharedArrayBuffer;
  /** one Int32 per file: 1 once a helper has posted the result of a file handed to it */
  finished: SharedArrayBuffer;
  /** the files, for a helper to scan whole ones from the end of the list */
  jobs: FileJob[];
  /** this helper's number k */
  helper: number;
}

/** Messages between this thread and a helper. */
export type ToHelper = ({ type: "task" } & HelperTask) | { type: "file"; index: number; file: PassedFile } | { type: "flush" };
export type FromHelper = { type: "result"; index: number; result: FileScan } | { type: "flushed" };

export const TAKEN = -1;
export const PASSED = -2;
export const STOLEN = 1 << 16;

/**
 * Bytes handed to a helper and not yet claimed, past which this thread finishes files itself. A
 * file this thread finishes costs it the second stage's start-up (its regexes compiled, their
 * DFA states, JIT: ~20 ms) besides the file: while a helper starts (~40 ms), files wait for it.
 */
const MAX_BACKLOG_BYTES = 64 * 1024 * 1024;

interface Helper {
  worker: Worker;
  /** its claim mark: its number + 1 */
  mark: number;
  /** handed to this helper, not yet claimed or taken back: file index → bytes */
  queued: Map<number, number>;
  queuedBytes: number;
  ended: boolean;
}

const WORKER = new URL("./scan-secrets-worker.cjs", import.meta.url);

/**
 * Helper threads to start: SCORECARD_SECRETS_THREADS threads in all (1 = none) when set, else from
 * 3 cores on one per core that is idle right now, up to 4 threads in all. On the 2-core VM this was
 * measured on, the two cores slowed each other: a helper made the best of 30 runs 10% faster and
 * the median 4% slower, for 50% more CPU.
 */
export function helperCount(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism(), busy = othersRunnable()): number {
  const set = env.SCORECARD_SECRETS_THREADS;
  const wanted = set !== undefined && set !== "" ? Number(set) : cores >= 3 ? Math.min(4, cores - busy) : 1;
  return Math.max(0, Math.min(Number.isFinite(wanted) ? Math.floor(wanted) : 1, cores) - 1);
}

/**
 * Threads of other processes ready to run now (Linux: /proc/loadavg), else the 1-minute load. One
 * reading often counts a thread that runs for a moment (1 in 8 on an idle 2-core machine): the
 * least of three readings is taken.
 */
function othersRunnable(): number {
  try {
    let least = Infinity;
    for (let k = 0; k < 3; k++) {
      // "0.52 0.58 0.59 2/312 12345": 2 runnable now, this thread among them
      const running = Number(readFileSync("/proc/loadavg", "latin1").split(" ")[3]!.split("/")[0]);
      if (Number.isFinite(running)) least = Math.min(least, running - 1);
    }
    if (Number.isFinite(least)) return Math.max(0, least);
  } catch {
    // not Linux
  }
  return Math.round(loadavg()[0]!);
}

/** The bytes of a passed file are in shared memory (else they cannot be handed over). */
const isShared = (buf: Buffer): boolean => buf.buffer instanceof SharedArrayBuffer;

/** Shared buffers are allocated in steps of this size, so that one freed can hold the next file. */
const SHARED_STEP = 64 * 1024;

export class ScanHelpers {
  private claims: Int32Array = new Int32Array(0);
  private finished: Int32Array = new Int32Array(0);
  /** shared buffers of files handed over, in order, until a helper has finished them */
  private inUse: { index: number; sab: SharedArrayBuffer }[] = [];
  private spare: SharedArrayBuffer[] = [];
  private readonly results = new Map<number, FileScan>();

  private constructor(private readonly helpers: Helper[]) {}

  /** Starts `count` helper threads, or returns null (none wanted, or run from sources where the bundled worker does not exist). */
  static start(count: number): ScanHelpers | null {
    if (count < 1 || !existsSync(fileURLToPath(WORKER))) return null;
    const pool = new ScanHelpers([]);
    for (let k = 0; k < count; k++) pool.helpers.push(pool.spawn());
    return pool;
  }

  /**
   * Scans `jobs`: `first(i, alloc)` reads file i (into the buffer `alloc` returns, shared memory,
   * when given) and runs the first stage; the second runs on a helper, or here with `second`.
   * Results in file order.
   */
  async run(
    jobs: FileJob[],
    opts: ScanOptions,
    first: (i: number, alloc: ((size: number) => Buffer) | null) => FileScan | PassedFile,
    second: (file: PassedFile) => FileScan,
  ): Promise<FileScan[]> {
    const count = jobs.length;
    const claims = new SharedArrayBuffer(4 * count);
    const finished = new SharedArrayBuffer(4 * count);
    this.claims = new Int32Array(claims);
    this.finished = new Int32Array(finished);
    const key = new Uint8Array(opts.key);
    const alloc = (size: number) => this.alloc(size);
    for (const h of this.helpers) {
      const task: ToHelper = { type: "task", key, claims, finished, helper: h.mark - 1, jobs };
      if (opts.maxFileBytes) task.maxFileBytes = opts.maxFileBytes;
      if (opts.maxLineBytes) task.maxLineBytes = opts.maxLineBytes;
      h.worker.postMessage(task);
    }
    const out = new Array<FileScan>(count);
    const handed = new Map<number, PassedFile>();
    for (let i = 0; i < count; i++) {
      // a helper scans it whole
      if (Atomics.compareExchange(this.claims, i, 0, PASSED) !== 0) continue;
      const helper = this.leastBusy();
      const r = first(i, helper ? alloc : null);
      if ("findings" in r) out[i] = r;
      else if (helper && isShared(r.buf)) {
        helper.queued.set(i, r.buf.length);
        helper.queuedBytes += r.buf.length;
        handed.set(i, r);
        this.inUse.push({ index: i, sab: r.buf.buffer as SharedArrayBuffer });
        helper.worker.postMessage({ type: "file", index: i, file: r } satisfies ToHelper);
      } else out[i] = second(r);
    }
    // The files still waiting for a helper are finished here from the last one back, while the
    // helper takes them from the first: the two meet (a helper that never ran leaves them all).
    for (const h of this.helpers) {
      const waiting = [...h.queued.keys()];
      for (let k = waiting.length - 1; k >= 0; k--) {
        const i = waiting[k]!;
        if (Atomics.compareExchange(this.claims, i, PASSED, TAKEN) !== PASSED) break;
        out[i] = second(handed.get(i)!);
      }
      h.queued.clear();
      h.queuedBytes = 0;
    }
    // wait for the files helpers claimed; a helper that ended without their results loses them to this thread
    await Promise.all(this.helpers.map((h) => this.drain(h)));
    const finish = (r: FileScan | PassedFile) => ("findings" in r ? r : second(r));
    for (let i = 0; i < count; i++) {
      if (out[i]) continue;
      const file = handed.get(i);
      // a helper that ended without the result of a file it claimed: it is scanned here (read
      // again if its buffer may hold another file by now)
      out[i] = this.results.get(i) ?? (file && !Atomics.load(this.finished, i) ? second(file) : finish(first(i, null)));
    }
    return out;
  }

  /**
   * A buffer in shared memory for a file of `size` bytes: one whose file a helper has finished
   * when there is one (its pages are already mapped: a new one costs page faults, ~8 ms per 20 MB
   * read here), else a new one.
   */
  private alloc(size: number): Buffer {
    while (this.inUse.length > 0 && Atomics.load(this.finished, this.inUse[0]!.index) === 1) this.spare.push(this.inUse.shift()!.sab);
    const k = this.spare.findIndex((sab) => sab.byteLength >= size);
    const sab = k >= 0 ? this.spare.splice(k, 1)[0]! : new SharedArrayBuffer(Math.max(SHARED_STEP, Math.ceil(size / SHARED_STEP) * SHARED_STEP));
    return Buffer.from(sab, 0, size);
  }

  /** Stops every helper (at the end of a command, or after an error). */
  stop(): void {
    for (const h of this.helpers) {
      h.ended = true;
      void h.worker.terminate();
    }
  }

  /** The live helper with the fewest bytes waiting, or null when each has MAX_BACKLOG_BYTES waiting. */
  private leastBusy(): Helper | null {
    let best: Helper | null = null;
    for (const h of this.helpers) {
      if (h.ended) continue;
      // files it claimed leave its queue (they are its own now)
      for (const [i, bytes] of h.queued) {
        if (Atomics.load(this.claims, i) === PASSED) break;
        h.queued.delete(i);
        h.queuedBytes -= bytes;
      }
      if (h.queuedBytes < MAX_BACKLOG_BYTES && (!best || h.queuedBytes < best.queuedBytes)) best = h;
    }
    return best;
  }

  /**
   * Waits until helper `h` has sent the results of every file it was handed and claimed: it
   * handles messages in order, so it answers a flush after them. A helper that claimed none is not
   * waited for.
   */
  private drain(h: Helper): Promise<void> {
    if (h.ended || !this.claimedBy(h)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      h.worker.on("message", (m: FromHelper) => m.type === "flushed" && resolve());
      h.worker.once("exit", () => resolve());
      h.worker.postMessage({ type: "flush" } satisfies ToHelper);
    });
  }

  /** Helper `h` has claimed a file (to finish it or to scan it whole). */
  private claimedBy(h: Helper): boolean {
    return this.claims.includes(h.mark) || this.claims.includes(h.mark + STOLEN);
  }

  private spawn(): Helper {
    // loaded only when a helper is started: most runs (a busy machine, a pre-commit hook) have none
    const { Worker } = createRequire(import.meta.url)("node:worker_threads") as typeof import("node:worker_threads");
    const worker = new Worker(WORKER);
    // a helper must never keep the process alive: the command's result does not wait for idle ones
    worker.unref();
    const h: Helper = { worker, mark: this.helpers.length + 1, queued: new Map(), queuedBytes: 0, ended: false };
    worker.on("message", (m: FromHelper) => {
      if (m.type === "result") this.results.set(m.index, m.result);
    });
    // a helper that fails or ends is no longer handed files; what it held is scanned here
    worker.once("error", () => (h.ended = true));
    worker.once("exit", () => (h.ended = true));
    return h;
  }
}
