export const SUPPRESS_MARKER = "scorecard-bot:allow-secret";
const NO_REASON = "(no reason given)";

/**
 * The reason of a `scorecard-bot:allow-secret <reason>` comment on the line starting at byte
 * `lineStart`, or alone on the line above it (for multi-line values such as PEM blocks); null
 * when there is none.
 */
export function suppressionOn(buf: Buffer, lineStart: number): string | null {
  const here = reasonIn(lineText(buf, lineStart));
  if (here !== null) return here;
  if (lineStart === 0) return null;
  const prevStart = buf.lastIndexOf(10, lineStart - 2) + 1;
  const prev = lineText(buf, prevStart);
  const reason = reasonIn(prev);
  // the line above counts only when the comment is all it holds
  return reason !== null && /^\s*(?:#|\/\/|\/\*|<!--|--|;|%|\*)\s*scorecard-bot:allow-secret/.test(prev) ? reason : null;
}

function lineText(buf: Buffer, start: number): string {
  const nl = buf.indexOf(10, start);
  const end = nl === -1 ? buf.length : nl;
  // a suppression comment is short; never decode a whole minified line for it
  return buf.subarray(start, Math.min(end, start + 64 * 1024)).toString("utf8");
}

function reasonIn(line: string): string | null {
  const i = line.indexOf(SUPPRESS_MARKER);
  if (i === -1) return null;
  const reason = line
    .slice(i + SUPPRESS_MARKER.length)
    .replace(/\s*(?:\*\/|-->|#\}|%\}|\}\}).*$/, "")
    .replace(/^[\s:=-]+/, "")
    .trim();
  return reason.length > 0 ? reason.slice(0, 200) : NO_REASON;
}
