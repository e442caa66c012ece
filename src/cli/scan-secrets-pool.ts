/**
 * Helper threads of `scan-secrets`. They are started before this thread has loaded the scanner
 * or walked the tree, so that their start-up (~40 ms: a thread, the RE2 addon, the rules)
 * overlaps that work. Files are then handed out one at a time through a shared counter: a helper
 * that is late, or a core that is busy with something else, simply takes fewer files, and a
 * helper that has not taken any when this thread runs out of files is not waited for.
 * Imports Node built-ins only: loading the scanner here would delay the helpers' start.
 */
import { fs } from "../secrets/require.js";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import type { Worker } from "node:worker_threads";

const { existsSync, readFileSync } = fs;

/** What a helper needs to scan like this thread does (the key is the fingerprint key). */
export interface HelperTask<J> {
  jobs: J[];
  key: Uint8Array;
  maxFileBytes?: number;
}

interface Helper<R> {
  worker: Worker;
  /** its results, [job index, result] pairs */
  reply: Promise<[number, R][]>;
  stopped: boolean;
}

const WORKER = new URL("./scan-secrets-worker.js", import.meta.url);

/**
 * Helper threads to start: SCORECARD_SECRETS_THREADS threads in all (1 = none) when set, else, from
 * 4 cores on, one per core that is idle right now, up to 4 threads in all. A helper's start-up
 * (~40 ms of CPU, and the scanner compiled again in its own thread) cost more than the files it
 * took on a busy machine, and saved nothing on 2 cores even when the other one looked idle
 * (measured on a shared 2-core VM: 0.27 s wall alone, 0.29 s with a helper, +0.13 s of CPU).
 */
export function helperCount(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism(), busy = othersRunnable()): number {
  const set = env.SCORECARD_SECRETS_THREADS;
  const wanted = set !== undefined && set !== "" ? Number(set) : cores >= 4 ? Math.min(4, cores - busy) : 1;
  return Math.max(0, Math.min(Number.isFinite(wanted) ? Math.floor(wanted) : 1, cores) - 1);
}

/** Threads of other processes ready to run now (Linux: /proc/loadavg), else the 1-minute load. */
function othersRunnable(): number {
  try {
    // "0.52 0.58 0.59 2/312 12345": 2 runnable now, this thread among them
    const running = Number(readFileSync("/proc/loadavg", "latin1").split(" ")[3]!.split("/")[0]);
    if (Number.isFinite(running)) return Math.max(0, running - 1);
  } catch {
    // not Linux
  }
  return Math.round(loadavg()[0]!);
}

export class ScanHelpers<J, R> {
  private constructor(
    private readonly helpers: Helper<R>[],
    /** [next job, then one "has started taking jobs" flag per helper] */
    private readonly state: Int32Array,
  ) {}

  /** Starts `count` helper threads, or returns null (none wanted, or run from sources where the compiled worker does not exist). */
  static start<J, R>(count: number): ScanHelpers<J, R> | null {
    if (count < 1 || !existsSync(fileURLToPath(WORKER))) return null;
    const shared = new SharedArrayBuffer(4 * (1 + count));
    const helpers = Array.from({ length: count }, (_, k) => spawn<R>(shared, 1 + k));
    return new ScanHelpers<J, R>(helpers, new Int32Array(shared));
  }

  /**
   * Scans every job, here with `scanHere` and on the helpers; results in `jobs` order.
   * Rejects when a helper that took files fails.
   */
  async run(task: HelperTask<J>, scanHere: (job: J) => R): Promise<R[]> {
    for (const h of this.helpers) h.worker.postMessage(task);
    const { jobs } = task;
    const out = new Array<R>(jobs.length);
    for (let i = Atomics.add(this.state, 0, 1); i < jobs.length; i = Atomics.add(this.state, 0, 1)) out[i] = scanHere(jobs[i]!);
    // Every job is taken now. A helper that had not started will find none: do not wait for it.
    const busy = this.helpers.filter((h, k) => Atomics.load(this.state, 1 + k) === 1);
    this.stop(this.helpers.filter((h) => !busy.includes(h)));
    for (const pairs of await Promise.all(busy.map((h) => h.reply))) for (const [i, r] of pairs) out[i] = r;
    return out;
  }

  /** Stops helpers that will not be given work (a small tree, an error). */
  stop(which: Helper<R>[] = this.helpers): void {
    for (const h of which) {
      h.stopped = true;
      void h.worker.terminate();
    }
  }
}

function spawn<R>(shared: SharedArrayBuffer, flag: number): Helper<R> {
  // loaded only when a helper is started: most runs (a busy machine, a pre-commit hook) have none
  const { Worker } = createRequire(import.meta.url)("node:worker_threads") as typeof import("node:worker_threads");
  const worker = new Worker(WORKER, { workerData: { shared, flag } });
  // a helper must never keep the process alive: the command's result does not wait for idle ones
  worker.unref();
  const helper: Helper<R> = { worker, stopped: false, reply: Promise.resolve([]) };
  helper.reply = new Promise<[number, R][]>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", (err) => (helper.stopped ? resolve([]) : reject(err)));
    worker.once("exit", (code) => (helper.stopped || code === 0 ? resolve([]) : reject(new Error(`scanner thread exited with ${code}`))));
  });
  // stopped helpers are never awaited: their end must not become an unhandled rejection
  helper.reply.catch(() => undefined);
  return helper;
}
