import type { BranchRule, PrefetchedBranchRules, RulesetSummary } from "../types.js";
import { fullNameOf, type RepoPayload } from "./source.js";
import type { GitHubClient } from "./octokit.js";

/** Repositories asked in one GraphQL query: each alias costs a node budget, 50 stay far within it. */
export const BATCH_SIZE = 50;
// a branch rarely has more; a further page falls back to REST for that repository
const RULES_PER_BRANCH = 50;

const keyOf = (r: RepoPayload) => fullNameOf(r).toLowerCase();

/**
 * One query for the default-branch rules of many repositories: what REST answers with one
 * `rules/branches/{branch}` request per repository, plus one `rulesets/{id}` per ruleset for its
 * bypass actors. Variables carry the names (never spliced into the query text).
 */
export function branchRulesQuery(n: number): string {
  const vars = Array.from({ length: n }, (_, i) => `$o${i}: String!, $n${i}: String!`).join(", ");
  const fields = `defaultBranchRef { name rules(first: ${RULES_PER_BRANCH}) { pageInfo { hasNextPage } nodes { type
      parameters {
        ... on PullRequestParameters { requiredApprovingReviewCount dismissStaleReviewsOnPush requireCodeOwnerReview requireLastPushApproval requiredReviewThreadResolution }
        ... on RequiredStatusChecksParameters { strictRequiredStatusChecksPolicy requiredStatusChecks { context integrationId } }
      }
      repositoryRuleset { databaseId name enforcement source { __typename ... on Repository { nameWithOwner } ... on Organization { login } } bypassActors(first: 1) { totalCount } } } } }`;
  const aliases = Array.from({ length: n }, (_, i) => `r${i}: repository(owner: $o${i}, name: $n${i}) { ${fields} }`).join("\n");
  return `query(${vars}) {\n${aliases}\n}`;
}

interface GqlRuleset {
  databaseId?: number | null;
  name?: string | null;
  enforcement?: string | null;
  source?: { __typename?: string; nameWithOwner?: string; login?: string } | null;
  bypassActors?: { totalCount?: number } | null;
}
interface GqlRepo {
  defaultBranchRef?: {
    name?: string;
    rules?: { pageInfo?: { hasNextPage?: boolean }; nodes?: ({ type?: string; parameters?: Record<string, unknown> | null; repositoryRuleset?: GqlRuleset | null } | null)[] } | null;
  } | null;
}

/** GraphQL's camelCase parameters as REST names them (the shape the merge reads). */
function snakeKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeKeys(x)]));
}

/** One repository's answer as our facts, or null when it is incomplete (then REST is asked). */
export function fromGraphql(repo: GqlRepo | null | undefined, defaultBranch: string): PrefetchedBranchRules | null {
  const ref = repo?.defaultBranchRef;
  if (!ref || ref.name !== defaultBranch) return null;
  const list = ref.rules;
  if (!list || list.pageInfo?.hasNextPage || !Array.isArray(list.nodes)) return null;
  const rules: BranchRule[] = [];
  const rulesets = new Map<number, RulesetSummary>();
  for (const node of list.nodes) {
    if (!node || typeof node.type !== "string") return null;
    const rs = node.repositoryRuleset;
    if (!rs || typeof rs.databaseId !== "number") return null;
    const sourceType = rs.source?.__typename;
    const source = rs.source?.nameWithOwner ?? rs.source?.login;
    const parameters = node.parameters && Object.keys(node.parameters).length > 0 ? (snakeKeys(node.parameters) as Record<string, unknown>) : undefined;
    rules.push({
      type: node.type.toLowerCase(),
      ...(parameters ? { parameters } : {}),
      rulesetId: rs.databaseId,
      ...(sourceType ? { rulesetSourceType: sourceType } : {}),
      ...(source ? { rulesetSource: source } : {}),
    });
    rulesets.set(rs.databaseId, {
      id: rs.databaseId,
      name: rs.name ?? `ruleset ${rs.databaseId}`,
      enforcement: (rs.enforcement ?? "active").toLowerCase(),
      // hidden from an app without admin rights (GraphQL answers FORBIDDEN for the field): unknown
      bypassActors: typeof rs.bypassActors?.totalCount === "number" ? rs.bypassActors.totalCount : null,
    });
  }
  return { branch: defaultBranch, rules, rulesets: [...rulesets.values()] };
}

/** Ask for one batch; never throws: what cannot be read is simply not prefetched. */
async function fetchBatch(octokit: GitHubClient, repos: readonly RepoPayload[]): Promise<Map<string, PrefetchedBranchRules>> {
  const out = new Map<string, PrefetchedBranchRules>();
  if (repos.length === 0) return out;
  const variables: Record<string, string> = {};
  repos.forEach((r, i) => {
    variables[`o${i}`] = r.owner.login;
    variables[`n${i}`] = r.name;
  });
  let data: Record<string, GqlRepo | null> | undefined;
  try {
    data = await octokit.graphql<Record<string, GqlRepo | null>>(branchRulesQuery(repos.length), variables);
  } catch (err) {
    // partial answers (a FORBIDDEN field, one repository not found) still carry the rest
    data = (err as { data?: Record<string, GqlRepo | null> }).data;
  }
  if (!data) return out;
  repos.forEach((r, i) => {
    const got = fromGraphql(data[`r${i}`], r.default_branch ?? "main");
    if (got) out.set(keyOf(r), got);
  });
  return out;
}

/**
 * Default-branch rules for the repositories of a sweep, read BATCH_SIZE repositories per GraphQL
 * query when the first repository of a batch asks, so a resumed or partial sweep asks only for
 * what it scores.
 */
export class BranchRulesBatch {
  private readonly batches = new Map<number, Promise<Map<string, PrefetchedBranchRules>>>();
  private readonly index: Map<string, number>;

  constructor(
    private readonly octokit: GitHubClient,
    private readonly repos: readonly RepoPayload[],
  ) {
    this.index = new Map(repos.map((r, i) => [keyOf(r), i]));
  }

  async get(repo: RepoPayload): Promise<PrefetchedBranchRules | null> {
    const i = this.index.get(keyOf(repo));
    if (i === undefined) return null;
    const b = Math.floor(i / BATCH_SIZE);
    let p = this.batches.get(b);
    if (!p) {
      p = fetchBatch(this.octokit, this.repos.slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE));
      this.batches.set(b, p);
    }
    return (await p).get(keyOf(repo)) ?? null;
  }
}
