/**
 * GitHub's GraphQL endpoint, for the one query the app sends: the default branch's rules of many
 * repositories (aliases r0, r1, … with $o/$n variables), answered from the same world as the REST
 * routes. Anything else is answered as GitHub answers a query it cannot parse.
 */
import { ok, type Route, type RouteContext } from "../http.js";
import { isAnswer, type RepoModel } from "../world.js";

const ALIAS = /(\w+): repository\(owner: \$(\w+), name: \$(\w+)\)/g;

const camel = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(camel);
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), camel(x)]));
};

function branchRules(r: RepoModel): { data: unknown; error?: string } {
  const rules = r.spec.rules?.[r.defaultBranch] ?? [];
  const sets = r.spec.rulesets ?? [];
  if (isAnswer(rules)) return { data: null, error: rules.message ?? "Error" };
  const nodes = rules.map((rule) => {
    const id = rule.ruleset_id as number;
    const full = isAnswer(sets) ? undefined : sets.find((s) => s.id === id);
    const sourceType = (rule.ruleset_source_type as string | undefined) ?? "Repository";
    const source = (rule.ruleset_source as string | undefined) ?? r.fullName;
    return {
      type: String(rule.type).toUpperCase(),
      parameters: rule.parameters ? camel(rule.parameters) : null,
      repositoryRuleset: {
        databaseId: id,
        name: (full?.name as string | undefined) ?? `ruleset ${id}`,
        enforcement: String(full?.enforcement ?? "active").toUpperCase(),
        source: sourceType === "Organization" ? { __typename: "Organization", login: source } : { __typename: "Repository", nameWithOwner: source },
        // the world holds only the repository's own rulesets: another's bypass list is not visible
        bypassActors: Array.isArray(full?.bypass_actors) ? { totalCount: full.bypass_actors.length } : null,
      },
    };
  });
  return { data: { defaultBranchRef: { name: r.defaultBranch, rules: { pageInfo: { hasNextPage: false }, nodes } } } };
}

function answer(ctx: RouteContext) {
  const body = (ctx.body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  const query = typeof body.query === "string" ? body.query : "";
  const vars = body.variables ?? {};
  const data: Record<string, unknown> = {};
  const errors: { type: string; path: string[]; message: string }[] = [];
  for (const [, alias, ownerVar, nameVar] of query.matchAll(ALIAS)) {
    const full = `${String(vars[ownerVar!])}/${String(vars[nameVar!])}`;
    const repo = ctx.model.repos.get(full.toLowerCase());
    const visible = repo && ctx.installation?.repositories.some((n) => n.toLowerCase() === full.toLowerCase());
    if (!repo || !visible) {
      data[alias!] = null;
      errors.push({ type: "NOT_FOUND", path: [alias!], message: `Could not resolve to a Repository with the name '${full}'.` });
      continue;
    }
    const got = branchRules(repo);
    data[alias!] = got.data;
    if (got.error) errors.push({ type: "FORBIDDEN", path: [alias!], message: got.error });
  }
  if (Object.keys(data).length === 0) return ok({ errors: [{ message: "Parse error: the fake GitHub answers only the branch-rules query" }] });
  return ok(errors.length ? { data, errors } : { data });
}

export const graphqlRoutes: Route[] = [
  { method: "POST", pattern: "/api/graphql", permission: "metadata", handler: answer },
  { method: "POST", pattern: "/graphql", permission: "metadata", handler: answer },
];
