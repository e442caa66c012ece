import type { CheckId, CheckResult, Finding } from "../../src/checks/types.js";
import type { Scan } from "../../src/scoring/scan.js";

export interface ScanSpec {
  repo: string;
  at: string;
  score: number | null;
  private?: boolean;
  archived?: boolean;
  id?: number;
  checks?: Array<Partial<CheckResult> & { id: CheckId; findings?: Finding[] }>;
  trigger?: Scan["trigger"];
}

/** A stored-shape scan of "owner/name" with the given checks (default: one passing security-policy). */
export function scanOf(spec: ScanSpec): Scan {
  const [owner, name] = spec.repo.split("/") as [string, string];
  const checks: CheckResult[] = (spec.checks ?? [{ id: "security-policy", score: spec.score }]).map((c) => ({
    id: c.id,
    score: c.score === undefined ? spec.score : c.score,
    outcome: c.outcome ?? (c.score === null ? "unknown" : (c.score ?? spec.score ?? 0) >= 10 ? "pass" : (c.score ?? spec.score ?? 0) >= 5 ? "warn" : "fail"),
    reason: c.reason ?? "because",
    findings: c.findings ?? [],
  }));
  return {
    repo: {
      owner,
      name,
      fullName: spec.repo,
      defaultBranch: "main",
      commit: `c-${spec.at}`,
      private: spec.private ?? false,
      archived: spec.archived ?? false,
      htmlUrl: `https://github.com/${spec.repo}`,
      ...(spec.id !== undefined ? { id: spec.id } : {}),
    },
    source: "github",
    trigger: spec.trigger ?? "schedule",
    scoredAt: spec.at,
    score: spec.score,
    excluded: checks.filter((c) => c.score === null).map((c) => c.id),
    checks,
  };
}

export const fail = (id: string, path?: string, extra: Partial<Finding> = {}): Finding => ({
  id,
  outcome: "fail",
  message: `${id} failed`,
  ...(path !== undefined ? { path } : {}),
  remediation: `fix ${id}`,
  ...extra,
});
