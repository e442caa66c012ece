import { fs } from "../secrets/require.js";
import { DEFAULT_MAX_FILE_BYTES, finishScan, inputBuffer, passBuffer, type FileScan, type PassedFile, type ScanOptions } from "../secrets/engine.js";

const { closeSync, fstatSync, openSync, readFileSync, readSync } = fs;

/** One file to scan: the path shown in reports and the path on disk. */
export interface FileJob {
  shown: string;
  file: string;
}

// One buffer per thread, reused for every file scanned here: the scan keeps no reference to the
// bytes (its results are strings), and a fresh buffer per file cost page faults and garbage collections.
let scratch: Buffer = Buffer.allocUnsafe(256 * 1024);

/** Reads and scans one file; an oversized or unreadable file is a skipped result, not an error. */
export function scanFile(j: FileJob, opts: ScanOptions): FileScan {
  const r = passFile(j, opts);
  return "findings" in r ? r : finishScan(r, opts);
}

/**
 * Reads one file and runs the first stage of its scan (engine.ts, passBuffer). With `alloc`, the
 * bytes are read into the buffer it returns for the file's size (shared memory, for a helper thread
 * to finish the scan); else into the keyword pass's memory (engine.ts, inputBuffer) or this
 * thread's scratch buffer, so the scan must be finished before the next file is read.
 */
export function passFile(j: FileJob, opts: ScanOptions, alloc: ((size: number) => Buffer) | null = null): FileScan | PassedFile {
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let fd = -1;
  let bytes: Buffer;
  try {
    fd = openSync(j.file, "r");
    // the size from the open file: it is not read at all when over the cap
    const st = fstatSync(fd);
    if (st.size > max) return { path: j.shown, findings: [], bytes: 0, skipped: `${st.size} bytes, over the ${max}-byte limit`, partial: null };
    if (st.isFile()) {
      // into the keyword pass's memory when it can be (it then copies nothing)
      let into: Buffer = alloc ? alloc(st.size) : (inputBuffer(st.size, opts) ?? scratch);
      if (into === scratch && st.size > scratch.length) into = scratch = Buffer.allocUnsafe(st.size);
      // the bytes there were when it was opened (a file that grows meanwhile is read up to that size)
      let length = 0;
      for (let n = 1; n > 0 && length < st.size; length += n) n = readSync(fd, into, length, st.size - length, null);
      bytes = into.subarray(0, length);
    } else {
      // a pipe or device named on the command line: read to its end (passBuffer applies the cap)
      bytes = readFileSync(fd);
    }
  } catch (err) {
    return { path: j.shown, findings: [], bytes: 0, skipped: `unreadable: ${(err as NodeJS.ErrnoException).code ?? "error"}`, partial: null };
  } finally {
    if (fd !== -1) closeSync(fd);
  }
  return passBuffer(j.shown, bytes, { ...opts, allowPath: undefined });
}
