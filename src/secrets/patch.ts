import { binaryReasonOfText } from "./binary.js";
import { DEFAULT_MAX_FILE_BYTES, scanChecked, type FileScan, type ScanOptions } from "./engine.js";

export interface AddedLines {
  /** the added lines; a gap in the new file becomes one empty line so hunks never join */
  text: string;
  /** line i+1 of `text` is line lines[i] of the new file (0 for a gap) */
  lines: number[];
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** The added lines of a unified diff (one file's patch, as GitHub's PR files API gives it). */
export function addedLines(patch: string): AddedLines {
  const out: string[] = [];
  const lines: number[] = [];
  let next = 0;
  let lastAdded = -1;
  for (const raw of patch.split("\n")) {
    const l = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const hunk = HUNK.exec(l);
    if (hunk) {
      next = Number(hunk[1]);
      continue;
    }
    if (next === 0) continue; // file headers before the first hunk
    const c = l[0];
    if (c === "+") {
      if (lastAdded !== -1 && lastAdded !== next - 1) {
        out.push("");
        lines.push(0);
      }
      out.push(l.slice(1));
      lines.push(next);
      lastAdded = next;
      next++;
    } else if (c === " " || l === "") {
      next++;
    }
    // "-" lines are not in the new file; "\ No newline at end of file" is not a line
  }
  return { text: out.join("\n"), lines };
}

/** Scan only the added lines of a unified diff; findings carry the new file's line numbers. */
export function scanPatch(path: string, patch: string, opts: ScanOptions): FileScan {
  const glob = opts.allowPath?.(path);
  if (glob) return { path, findings: [], bytes: 0, skipped: `path allowlisted by "${glob}"`, partial: null };
  const { text, lines } = addedLines(patch);
  const size = Buffer.byteLength(text);
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (size > max) return { path, findings: [], bytes: 0, skipped: `added lines are ${size} bytes, over the ${max}-byte limit`, partial: null };
  const bin = binaryReasonOfText(text);
  if (bin) return { path, findings: [], bytes: 0, skipped: bin, partial: null };
  return scanChecked(path, Buffer.from(text, "utf8"), opts, (n) => lines[n - 1] ?? n);
}
