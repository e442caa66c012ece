/**
 * Escaping for the dashboard, which is published as an issue body: besides markdown and HTML, text
 * from repositories must not mention people (@name) or link issues (#12), which would notify
 * them or cross-reference on every edit.
 */

const ENTITY: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "|": "&#124;",
  "[": "&#91;",
  "]": "&#93;",
  "`": "&#96;",
  "*": "&#42;",
  _: "&#95;",
  "~": "&#126;",
  "\\": "&#92;",
  "@": "&#64;",
  "#": "&#35;",
};

/** Untrusted text (messages, reasons, names) as inert markdown inline text, also safe in a table cell. */
export function mdText(text: string): string {
  return oneLine(text).replace(/[&<>"|[\]`*_~\\@#]/g, (c) => ENTITY[c]!);
}

/** Untrusted text inside an HTML attribute value (double-quoted), e.g. a title shown on hover. */
export function attr(text: string): string {
  return oneLine(text).replace(/[&<>"|@#]/g, (c) => ENTITY[c]!);
}

/** Untrusted text as a code span: backticks cannot be escaped inside one, so they are replaced. */
export function code(text: string): string {
  return "`" + oneLine(text).replace(/`/g, "'").replace(/\|/g, "\\|") + "`";
}

/** Text inside a mermaid quoted string. */
export function mermaidString(text: string): string {
  return '"' + oneLine(text).replace(/["\\]/g, "'") + '"';
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ").trim();
}

export type Grade = "A" | "B" | "C" | "D" | "F";

/** Grades of a 0–10 total: A ≥ 9, B ≥ 7, C ≥ 5, D ≥ 3, F below. */
export const GRADES: readonly { grade: Grade; min: number; color: string }[] = [
  { grade: "A", min: 9, color: "brightgreen" },
  { grade: "B", min: 7, color: "green" },
  { grade: "C", min: 5, color: "yellow" },
  { grade: "D", min: 3, color: "orange" },
  { grade: "F", min: 0, color: "red" },
];

export function gradeOf(score: number | null): Grade | null {
  if (score === null) return null;
  return (GRADES.find((g) => score >= g.min) ?? GRADES[GRADES.length - 1]!).grade;
}

export function gradeColor(score: number | null): string {
  const g = gradeOf(score);
  return g === null ? "lightgrey" : GRADES.find((x) => x.grade === g)!.color;
}

/** A shields.io static badge URL: only a link, nothing is fetched while rendering. */
export function badgeUrl(score: number | null, label = "scorecard"): string {
  const part = (s: string) => encodeURIComponent(s.replace(/-/g, "--").replace(/_/g, "__"));
  const message = score === null ? "unknown" : `${score.toFixed(1)}/10`;
  return `https://img.shields.io/badge/${part(label)}-${part(message)}-${gradeColor(score)}`;
}

export function signed(n: number): string {
  return n > 0 ? `+${n.toFixed(1)}` : n.toFixed(1);
}
