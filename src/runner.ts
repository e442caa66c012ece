import { CHECKS } from "./checks/registry.js";
import type { CheckDefinition, CheckId, CheckResult } from "./checks/types.js";
import { collectFacts } from "./facts/collect.js";
import type { FactSource } from "./facts/source.js";
import type { FactKey, RepoFacts } from "./facts/types.js";
import { applyExemptions, configuredWeights, enabledChecks } from "./config/apply.js";
import type { RepoConfig } from "./config/schema.js";
import type { Scan, Trigger } from "./scoring/scan.js";
import { totalScore } from "./scoring/total.js";

export interface ScoreOptions {
  checks?: readonly CheckDefinition[];
  trigger: Trigger;
  /** the repository's .github/scorecard.yml: enabled checks, weights, exemptions */
  config?: RepoConfig;
  now?: () => Date;
  /** results kept from the last scan (see scoring/reuse.ts): their checks are not evaluated, nor their facts collected */
  reuse?: ReadonlyMap<CheckId, CheckResult>;
}

function selectedChecks(opts: ScoreOptions): readonly CheckDefinition[] {
  const all = opts.checks ?? CHECKS;
  return opts.config ? enabledChecks(all, opts.config) : all;
}

/** Run every check on the facts. A check that throws is an `error` result, never a crash. */
export function evaluateChecks(facts: RepoFacts, checks: readonly CheckDefinition[]): CheckResult[] {
  return checks.map((check) => {
    try {
      return check.evaluate(facts);
    } catch (err) {
      return { id: check.id, score: null, outcome: "error", reason: `the check failed: ${(err as Error).message}`, findings: [] };
    }
  });
}

export function neededFacts(checks: readonly CheckDefinition[]): Set<FactKey> {
  return new Set(checks.flatMap((c) => c.needs));
}

/** collect → evaluate → score, for one repository. */
export async function scoreRepository(src: FactSource, opts: ScoreOptions): Promise<Scan> {
  const checks = selectedChecks(opts);
  const fresh = checks.filter((c) => !opts.reuse?.has(c.id));
  const facts = await collectFacts(src, neededFacts(fresh));
  return scoreFacts(facts, checks, opts);
}

export function scoreFacts(facts: RepoFacts, checks: readonly CheckDefinition[], opts: ScoreOptions): Scan {
  const now = opts.now?.() ?? new Date();
  const fresh = checks.filter((c) => !opts.reuse?.has(c.id));
  const evaluated = evaluateChecks(facts, fresh);
  const judged = opts.config ? applyExemptions(evaluated, opts.config, now.toISOString().slice(0, 10)) : evaluated;
  const results = checks.map((c) => opts.reuse?.get(c.id) ?? judged.find((r) => r.id === c.id)!);
  const riskOf = (id: CheckId) => checks.find((c) => c.id === id)?.risk ?? "medium";
  const total = totalScore(results, riskOf, opts.config ? configuredWeights(opts.config) : {});
  return {
    repo: facts.repo,
    source: facts.source,
    trigger: opts.trigger,
    scoredAt: now.toISOString(),
    score: total.score,
    excluded: total.excluded,
    checks: results,
  };
}
