/**
 * A worker thread of `scan-secrets`: reads and scans its share of the files and posts back the
 * results, which hold masked findings only (never a raw value).
 */
import { parentPort, workerData } from "node:worker_threads";
import { scanFiles, type FileJob } from "./scan-secrets-files.js";

const { jobs, key, maxFileBytes } = workerData as { jobs: FileJob[]; key: Uint8Array; maxFileBytes?: number };
parentPort!.postMessage(scanFiles(jobs, { key: Buffer.from(key), ...(maxFileBytes ? { maxFileBytes } : {}) }));
