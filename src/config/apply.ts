import type { CheckDefinition, CheckId, CheckResult } from "../checks/types.js";
import type { RepoConfig } from "./schema.js";

/** The checks the configuration enables, in registry order. */
export function enabledChecks(all: readonly CheckDefinition[], config: RepoConfig): CheckDefinition[] {
  return all.filter((c) => config.checks[c.id]?.enabled !== false);
}

export function configuredWeights(config: RepoConfig): Partial<Record<CheckId, number>> {
  const out: Partial<Record<CheckId, number>> = {};
  for (const [id, c] of Object.entries(config.checks)) if (c?.weight !== undefined) out[id as CheckId] = c.weight;
  return out;
}

/**
 * Exempted checks keep their findings but leave the total: outcome `unknown`, score null, and the
 * reason says who decided and until when. An expired exemption no longer applies (and says so).
 */
export function applyExemptions(results: readonly CheckResult[], config: RepoConfig, today: string): CheckResult[] {
  return results.map((r) => {
    const ex = config.exemptions.find((e) => e.check === r.id);
    if (!ex) return r;
    if (ex.expires && ex.expires < today) {
      return { ...r, findings: [...r.findings, { id: "exemptionExpired", outcome: "warn", message: `The exemption "${ex.reason}" expired on ${ex.expires}.` }] };
    }
    return { ...r, score: null, outcome: "unknown", reason: `exempted by .github/scorecard.yml: ${ex.reason}${ex.expires ? ` (until ${ex.expires})` : ""}` };
  });
}

/** The checks an exemption covers (expired or not: its expiry is judged at each scan). */
export function exemptedChecks(config: RepoConfig): Set<CheckId> {
  return new Set(config.exemptions.map((e) => e.check as CheckId));
}
