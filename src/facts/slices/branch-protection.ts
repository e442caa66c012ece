import { known, unavailable, type Fact } from "../fact.js";
import type { FactSource } from "../source.js";
import { TtlMemo } from "../ttl-memo.js";
import type { BranchRule, ClassicProtection, RulesetSummary } from "../types.js";

const LOCAL = "a checkout holds no protection settings";
const ADMIN = "Administration: read";
const METADATA = "Metadata: read";

/** The parts of GET /branches/{branch}/protection we read; everything is optional in practice. */
interface RawProtection {
  allow_force_pushes?: { enabled?: boolean } | null;
  allow_deletions?: { enabled?: boolean } | null;
  enforce_admins?: { enabled?: boolean } | null;
  required_pull_request_reviews?: {
    required_approving_review_count?: number;
    dismiss_stale_reviews?: boolean;
    require_code_owner_reviews?: boolean;
    require_last_push_approval?: boolean;
  } | null;
  required_status_checks?: { contexts?: string[] | null; checks?: { context?: string }[] | null } | null;
}

/** GitHub's answer as our shape. Absent settings mean GitHub's defaults (force pushes and deletion off). */
export function normaliseProtection(raw: RawProtection): ClassicProtection {
  const reviews = raw.required_pull_request_reviews;
  const checks = raw.required_status_checks;
  const contexts = checks
    ? [...new Set([...(checks.contexts ?? []), ...(checks.checks ?? []).map((c) => c.context ?? "")].filter((c) => c !== ""))]
    : null;
  return {
    allowForcePushes: raw.allow_force_pushes?.enabled === true,
    allowDeletions: raw.allow_deletions?.enabled === true,
    requiredReviews: reviews
      ? {
          count: reviews.required_approving_review_count ?? 0,
          requireCodeOwners: reviews.require_code_owner_reviews === true,
          dismissStale: reviews.dismiss_stale_reviews === true,
          requireLastPushApproval: reviews.require_last_push_approval === true,
        }
      : null,
    requiredStatusChecks: contexts,
    enforceAdmins: raw.enforce_admins?.enabled === true,
  };
}

/** Classic protection of the default branch; null when the branch is not protected (404). */
export async function collectClassicProtection(src: FactSource): Promise<Fact<ClassicProtection | null>> {
  if (!src.api) return unavailable(LOCAL);
  const r = await src.api.get<RawProtection | null>(
    "GET /repos/{owner}/{repo}/branches/{branch}/protection",
    { branch: src.repo.defaultBranch },
    { permission: ADMIN, notFound: null },
  );
  if (!r.ok) return r;
  return known(r.value === null ? null : normaliseProtection(r.value));
}

interface RawRule {
  type?: string;
  parameters?: Record<string, unknown>;
  ruleset_id?: number;
  ruleset_source_type?: string;
  ruleset_source?: string;
}

/**
 * Active rules from repository and organization rulesets that apply to the default branch. The
 * rulesets collector reads them too: the reader sends the request once per scan.
 */
export async function collectBranchRules(src: FactSource): Promise<Fact<BranchRule[]>> {
  if (!src.api) return unavailable(LOCAL);
  // a sweep read them ahead for many repositories in one GraphQL query
  if (src.prefetchedBranchRules?.branch === src.repo.defaultBranch) return known(src.prefetchedBranchRules.rules);
  const r = await src.api.list<RawRule>(
    "GET /repos/{owner}/{repo}/rules/branches/{branch}",
    { branch: src.repo.defaultBranch },
    { permission: METADATA },
  );
  if (!r.ok) return r;
  return known(
    r.value
      .filter((x) => typeof x.type === "string")
      .map((x) => ({
        type: x.type!,
        ...(x.parameters ? { parameters: x.parameters } : {}),
        ...(typeof x.ruleset_id === "number" ? { rulesetId: x.ruleset_id } : {}),
        ...(x.ruleset_source_type ? { rulesetSourceType: x.ruleset_source_type } : {}),
        ...(x.ruleset_source ? { rulesetSource: x.ruleset_source } : {}),
      })),
  );
}

interface RawRuleset {
  id: number;
  name?: string;
  enforcement?: string;
  bypass_actors?: unknown[];
}

/** Organization rulesets by "owner/id", shared by the repositories of a sweep; a failed read is asked again. */
const orgRulesets = new TtlMemo<Fact<RawRuleset>>(5 * 60_000, (f) => !f.ok);

/** An organization ruleset changed (its webhook): forget what was read. */
export function forgetOrgRulesets(): void {
  orgRulesets.forget();
}

/**
 * The rulesets that put a rule on the default branch: their enforcement and bypass actors, read one
 * ruleset at a time (GitHub shows bypass actors only to admins; without that they are null). A
 * ruleset that puts no active rule on the branch cannot change the verdict (evaluate-mode rules
 * are not counted anyway), so rulesets are not listed: that would cost a request per repository.
 */
export async function collectRulesets(src: FactSource): Promise<Fact<RulesetSummary[]>> {
  if (!src.api) return unavailable(LOCAL);
  const api = src.api;
  const rules = await collectBranchRules(src);
  const ruleList = rules.ok ? rules.value : [];
  const contributing = new Set(ruleList.map((r) => r.rulesetId).filter((id): id is number => id !== undefined));
  const fromOrg = new Set(ruleList.filter((r) => r.rulesetSourceType === "Organization").map((r) => r.rulesetId));
  const ahead = src.prefetchedBranchRules?.branch === src.repo.defaultBranch ? src.prefetchedBranchRules.rulesets : [];
  if (contributing.size > 0 && [...contributing].every((id) => ahead.some((r) => r.id === id))) {
    return known([...contributing].map((id) => ahead.find((r) => r.id === id)!));
  }
  const read = (id: number) => api.get<RawRuleset>("GET /repos/{owner}/{repo}/rulesets/{ruleset_id}", { ruleset_id: id }, { permission: METADATA });
  const out = await Promise.all(
    [...contributing].map(async (id): Promise<RulesetSummary> => {
      // an organization's ruleset is one object for all its repositories: read once per sweep
      const one = fromOrg.has(id) ? await orgRulesets.get(`${src.repo.owner}/${id}`, () => read(id)) : await read(id);
      // GitHub returns rules of active rulesets only, so a contributing ruleset is active
      if (!one.ok) return { id, name: `ruleset ${id}`, enforcement: "active", bypassActors: null };
      return {
        id,
        name: one.value.name ?? `ruleset ${id}`,
        enforcement: one.value.enforcement ?? "active",
        bypassActors: Array.isArray(one.value.bypass_actors) ? one.value.bypass_actors.length : null,
      };
    }),
  );
  return known(out);
}
