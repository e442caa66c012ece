/**
 * The base64 body of a PEM/PGP block, found by hand after its "-----BEGIN … PRIVATE KEY-----"
 * line: a regex for the body made RE2 build large automata on every file with a certificate.
 * Line breaks may be real or escaped (`\n` inside a JSON or code string); RFC 1421 header lines
 * (Proc-Type/DEK-Info of encrypted PKCS#1, PGP's Version/Comment) are skipped.
 */
const MAX_BODY = 64 * 1024;
const HEADER = /^[A-Za-z][A-Za-z0-9-]{1,30}: /;

// quotes too: a key spread over string literals ("…\n" + "…") or YAML/JSON strings
const isSpace = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x22 || c === 0x27 || c === 0x60;

/** Length of an escaped line break at i: `\n`, `\r`, or escaped again (`\\n` in JSON in a string); else 0. */
function escapedBreak(buf: Buffer, i: number): number {
  let j = i;
  while (buf[j] === 0x5c && j - i < 4) j++;
  return j > i && (buf[j] === 0x6e || buf[j] === 0x72) ? j + 1 - i : 0;
}
const isB64 = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x3d;

/** [start, end) of the body that follows byte `from`, or null when there is none. */
export function pemBodySpan(buf: Buffer, from: number): [number, number] | null {
  const limit = Math.min(buf.length, from + MAX_BODY);
  let i = from;
  const skipBreaks = () => {
    for (;;) {
      const e = escapedBreak(buf, i);
      if (isSpace(buf[i])) i++;
      else if (e > 0) i += e;
      else return;
    }
  };
  skipBreaks();
  for (let n = 0; n < 8 && HEADER.test(buf.toString("latin1", i, Math.min(i + 34, limit))); n++) {
    while (i < limit && buf[i] !== 0x0a && escapedBreak(buf, i) === 0) i++;
    skipBreaks();
  }
  const start = i;
  let end = i;
  while (i < limit) {
    const c = buf[i]!;
    const e = escapedBreak(buf, i);
    if (isB64(c)) end = ++i;
    else if (isSpace(c)) i++;
    else if (e > 0) i += e;
    else break;
  }
  return end > start ? [start, end] : null;
}
