import type { GitHubClient } from "../../src/facts/github/octokit.js";

/** A reply: data (status 200, or 204 when data is ""), or an HTTP error status to throw. */
export type FakeReply = { data: unknown; status?: number } | { error: number; message?: string };

/**
 * An Octokit stand-in keyed by "route" or "route params-json" with {owner}/{repo} dropped.
 * No network. `calls` records every route asked for, so tests can count requests.
 */
export function fakeOctokit(replies: Record<string, FakeReply>) {
  const calls: string[] = [];
  const lookup = (route: string, params: Record<string, unknown>): FakeReply => {
    const rest = Object.fromEntries(Object.entries(params).filter(([k]) => !["owner", "repo", "headers", "per_page"].includes(k)));
    const withParams = `${route} ${JSON.stringify(rest)}`;
    calls.push(withParams);
    const r = replies[withParams] ?? replies[route];
    if (!r) return { error: 404 };
    return r;
  };
  const answer = (r: FakeReply) => {
    if ("error" in r) {
      // shaped like Octokit's RequestError: GitHub's own message is in response.data
      const response = r.message ? { data: { message: r.message } } : undefined;
      throw Object.assign(new Error(r.message ?? `HTTP ${r.error}`), { status: r.error, response });
    }
    return { status: r.status ?? (r.data === "" ? 204 : 200), data: r.data, headers: {}, url: "" };
  };
  const octokit = {
    request: async (route: string, params: Record<string, unknown> = {}) => answer(lookup(route, params)),
    paginate: {
      iterator: (route: string, params: Record<string, unknown> = {}) => ({
        async *[Symbol.asyncIterator]() {
          yield answer(lookup(route, params));
        },
      }),
    },
  };
  return { octokit: octokit as unknown as GitHubClient, calls };
}
