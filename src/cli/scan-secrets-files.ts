import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { DEFAULT_MAX_FILE_BYTES, scanBuffer, type FileScan, type ScanOptions } from "../secrets/engine.js";

/** One file to scan: the path shown in reports and the path on disk. */
export interface FileJob {
  shown: string;
  file: string;
}

/** Reads and scans one file; an oversized or unreadable file is a skipped result, not an error. */
export function scanFile(j: FileJob, opts: ScanOptions): FileScan {
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let buf: Buffer;
  let fd = -1;
  try {
    fd = openSync(j.file, "r");
    // the size from the open file: it is not read whole when over the cap
    const size = fstatSync(fd).size;
    if (size > max) return { path: j.shown, findings: [], bytes: 0, skipped: `${size} bytes, over the ${max}-byte limit`, partial: null };
    buf = readFileSync(fd);
  } catch (err) {
    return { path: j.shown, findings: [], bytes: 0, skipped: `unreadable: ${(err as NodeJS.ErrnoException).code ?? "error"}`, partial: null };
  } finally {
    if (fd !== -1) closeSync(fd);
  }
  // scanBuffer holds a file that grew after fstat to the same cap
  return scanBuffer(j.shown, buf, { ...opts, allowPath: undefined });
}
