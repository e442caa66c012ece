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

/** Escape characters that would start markdown/HTML constructs in user-controlled text. */
export function inline(text: string): string {
  return text.replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;")).replace(/\r?\n/g, " ");
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
    return `  ${inFence || l.trimStart().startsWith("```") ? l : l.replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"))}`;
  });
  return { inline: null, block: lines.join("\n") };
}
