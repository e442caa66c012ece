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
