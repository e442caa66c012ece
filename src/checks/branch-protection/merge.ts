import type { BranchRule, ClassicProtection, RulesetSummary } from "../../facts/types.js";

/** Classic protection and ruleset rules folded together: the most restrictive setting wins. */
export interface EffectiveProtection {
  blocksForcePush: boolean;
  blocksDeletion: boolean;
  requiresPullRequest: boolean;
  approvals: number;
  codeOwners: boolean;
  dismissStale: boolean;
  statusChecks: string[];
  /** who enforces the rules, for the "no bypass" tier */
  enforcers: Enforcer[];
  /** rulesets whose rules were set aside because they only evaluate */
  ignoredRulesets: string[];
}

export interface Enforcer {
  name: string;
  /** true: nobody can bypass; false: someone can; null: could not be seen */
  noBypass: boolean | null;
}

const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

function contexts(params: Record<string, unknown> | undefined): string[] {
  const list = params?.required_status_checks;
  if (!Array.isArray(list)) return [];
  return list.map((c) => (c && typeof c === "object" ? String((c as { context?: unknown }).context ?? "") : "")).filter((c) => c !== "");
}

/**
 * `classic` null = not protected or unreadable; `rules` = rules GitHub reports for the branch;
 * `rulesets` = summaries (or null when unreadable), used for enforcement mode and bypass actors.
 */
export function mergeProtection(
  classic: ClassicProtection | null,
  rules: readonly BranchRule[],
  rulesets: readonly RulesetSummary[] | null,
): EffectiveProtection {
  const byId = new Map((rulesets ?? []).map((r) => [r.id, r]));
  const ignored = new Set<string>();
  const active = rules.filter((r) => {
    const rs = r.rulesetId === undefined ? undefined : byId.get(r.rulesetId);
    // GitHub lists only active rules here; a summary saying otherwise (evaluate, disabled) wins.
    if (rs && rs.enforcement !== "active") {
      ignored.add(`${rs.name} (${rs.enforcement})`);
      return false;
    }
    return true;
  });
  const of = (type: string) => active.filter((r) => r.type === type);
  const pr = of("pull_request").map((r) => r.parameters ?? {});
  const checks = new Set<string>([...(classic?.requiredStatusChecks ?? []), ...of("required_status_checks").flatMap((r) => contexts(r.parameters))]);

  const enforcers: Enforcer[] = [];
  if (classic) enforcers.push({ name: "classic branch protection", noBypass: classic.enforceAdmins });
  const contributing = new Set(active.map((r) => r.rulesetId));
  for (const id of contributing) {
    const rs = id === undefined ? undefined : byId.get(id);
    const name = rs ? `ruleset "${rs.name}"` : `ruleset ${id ?? "(unnamed)"}`;
    enforcers.push({ name, noBypass: rs && rs.bypassActors !== null ? rs.bypassActors === 0 : null });
  }

  return {
    blocksForcePush: (classic !== null && !classic.allowForcePushes) || of("non_fast_forward").length > 0,
    blocksDeletion: (classic !== null && !classic.allowDeletions) || of("deletion").length > 0,
    requiresPullRequest: classic?.requiredReviews != null || pr.length > 0,
    approvals: Math.max(classic?.requiredReviews?.count ?? 0, ...pr.map((p) => num(p.required_approving_review_count))),
    codeOwners: classic?.requiredReviews?.requireCodeOwners === true || pr.some((p) => p.require_code_owner_review === true),
    dismissStale: classic?.requiredReviews?.dismissStale === true || pr.some((p) => p.dismiss_stale_reviews_on_push === true),
    statusChecks: [...checks],
    enforcers,
    ignoredRulesets: [...ignored],
  };
}
