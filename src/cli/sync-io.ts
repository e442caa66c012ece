/**
 * Output written with `fs.writeSync` on fds 1 and 2: `process.stdout` on a pipe is a stream
 * socket, and creating it loads Node's net and stream modules (~5 ms of a scan-secrets run).
 * Writes block until done; a reader that has gone away (`| head`) ends the output quietly, as it
 * does for other command-line tools.
 */
import { fs } from "../secrets/require.js";
import type { Io } from "./scan-secrets.js";

const { writeSync } = fs;

export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  for (let done = 0; done < bytes.length; ) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return;
      // a descriptor the parent left non-blocking: wait for the reader
      if (code !== "EAGAIN") throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

export const syncIo: Io = { out: (s) => writeAll(1, s), err: (s) => writeAll(2, s) };
