import { isUtf8 } from "node:buffer";

/** Git's heuristic (a NUL in the first 8000 bytes) plus a share of invalid UTF-8. */
const SAMPLE = 8000;
const MAX_INVALID_SHARE = 0.1;

const decoder = new TextDecoder("utf-8", { fatal: false });
const REPLACEMENT = Buffer.from("\uFFFD", "utf8");

export function binaryReason(buf: Buffer): string | null {
  const head = buf.subarray(0, SAMPLE);
  if (head.includes(0)) return "binary file (NUL bytes)";
  // the common case, checked natively: valid UTF-8 holding no U+FFFD has no invalid share
  if (isUtf8(head) && !head.includes(REPLACEMENT)) return null;
  const text = decoder.decode(head);
  return invalidShare(text) > MAX_INVALID_SHARE ? "binary file (not UTF-8 text)" : null;
}

/** Same test on text that was already decoded (invalid bytes became U+FFFD). */
export function binaryReasonOfText(text: string): string | null {
  const head = text.slice(0, SAMPLE);
  if (head.includes("\0")) return "binary file (NUL bytes)";
  return invalidShare(head) > MAX_INVALID_SHARE ? "binary file (not UTF-8 text)" : null;
}

function invalidShare(text: string): number {
  if (text.length === 0) return 0;
  let bad = 0;
  for (let i = text.indexOf("\uFFFD"); i !== -1; i = text.indexOf("\uFFFD", i + 1)) bad++;
  return bad / text.length;
}
