import type { Outcome } from "../checks/types.js";

export const OUTCOME_SYMBOL: Record<Outcome, string> = {
  pass: "✅",
  warn: "⚠️",
  fail: "❌",
  unknown: "❔",
  error: "💥",
};

export function scoreText(score: number | null): string {
  return score === null ? "unknown" : `${score.toFixed(1)} / 10`;
}

export function shortScore(score: number | null): string {
  return score === null ? "?" : score.toFixed(1);
}

export function deltaText(delta: number | null): string {
  if (delta === null) return "–";
  if (delta > 0) return `▲ +${delta.toFixed(1)}`;
  if (delta < 0) return `▼ ${delta.toFixed(1)}`;
  return "= 0.0";
}

/** Make text safe inside one markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

const escapeAngles = (s: string): string => s.replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"));

/**
 * User-controlled text on one line, safe in markdown: angle brackets that would start HTML are
 * escaped, except inside code spans, which GitHub shows literally (an entity there would show as
 * `&lt;`). A code span is a run of backticks closed by a run of the same length (CommonMark);
 * an unclosed run is plain text. Written by hand: a regex with a backreference would be the
 * alternative, and this text comes from repositories.
 */
export function inline(text: string): string {
  const s = text.replace(/\r?\n/g, " ");
  let out = "";
  let plainFrom = 0;
  let i = 0;
  while (i < s.length) {
    if (s[i] !== "`") {
      i++;
      continue;
    }
    let n = 1;
    while (s[i + n] === "`") n++;
    const close = closingRun(s, i + n, n);
    if (close === -1) {
      i += n;
      continue;
    }
    out += escapeAngles(s.slice(plainFrom, i)) + s.slice(i, close + n);
    i = plainFrom = close + n;
  }
  return out + escapeAngles(s.slice(plainFrom));
}

/** Where the next run of exactly `n` backticks starts at or after `from`, or -1. */
function closingRun(s: string, from: number, n: number): number {
  for (let j = s.indexOf("`", from); j !== -1; ) {
    let m = 1;
    while (s[j + m] === "`") m++;
    if (m === n) return j;
    j = s.indexOf("`", j + m);
  }
  return -1;
}

/**
 * Remediation text for a markdown list item: one line stays inline; several lines (a YAML step to
 * paste, say) become a block indented under the item, with code fences intact. Remediation is our
 * own text (rubric data), so only angle brackets outside code fences are escaped.
 */
export function remediationParts(text: string | undefined): { inline: string | null; block: string | null } {
  if (!text) return { inline: null, block: null };
  if (!text.includes("\n")) return { inline: inline(text), block: null };
  let inFence = false;
  const lines = text.split(/\r?\n/).map((l) => {
    if (l.trimStart().startsWith("```")) inFence = !inFence;
    return `  ${inFence || l.trimStart().startsWith("```") ? l : inline(l)}`;
  });
  return { inline: null, block: lines.join("\n") };
}
