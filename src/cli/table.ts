import type { Scan } from "../scoring/scan.js";
import type { CheckDefinition } from "../checks/types.js";
import { OUTCOME_SYMBOL, scoreText } from "../render/format.js";

/** Plain-text table for a terminal. */
export function scanTable(scan: Scan, defs: readonly CheckDefinition[]): string {
  const rows = scan.checks.map((c) => [defs.find((d) => d.id === c.id)?.title ?? c.id, c.score === null ? "?" : c.score.toFixed(1), `${OUTCOME_SYMBOL[c.outcome]} ${c.outcome}`, c.reason]);
  const head = ["Check", "Score", "Outcome", "Reason"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join("  ");
  const out = [`${scan.repo.fullName}${scan.repo.commit ? ` @ ${scan.repo.commit.slice(0, 12)}` : ""}: ${scoreText(scan.score)}`, "", line(head), ...rows.map(line)];
  if (scan.excluded.length) out.push("", `Left out of the total (facts unavailable): ${scan.excluded.join(", ")}`);
  for (const c of scan.checks) {
    for (const f of c.findings) {
      if (f.outcome === "pass") continue;
      const loc = f.path ? ` ${f.path}${f.line ? `:${f.line}` : ""}` : "";
      out.push(`  [${c.id}] ${OUTCOME_SYMBOL[f.outcome]}${loc} ${f.message}`);
    }
  }
  return out.join("\n") + "\n";
}
