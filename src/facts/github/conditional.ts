import type { HttpCache } from "../../store/http-cache.js";
import type { GitHubClient } from "./octokit.js";

/**
 * Settings endpoints whose answers may be kept: metadata only. File contents, tarballs, commits
 * with their patches and secret-scanning alerts (all may carry a raw secret) are never cached.
 */
const CACHEABLE = [
  /\/repos\/[^/]+\/[^/]+$/,
  /\/repos\/[^/]+\/[^/]+\/branches\/[^/]+\/protection$/,
  /\/repos\/[^/]+\/[^/]+\/rules\/branches\/[^/]+$/,
  /\/repos\/[^/]+\/[^/]+\/rulesets(\/\d+)?$/,
  /\/repos\/[^/]+\/[^/]+\/code-scanning\/(default-setup|analyses)$/,
  /\/repos\/[^/]+\/[^/]+\/languages$/,
  /\/repos\/[^/]+\/[^/]+\/(vulnerability-alerts|automated-security-fixes|private-vulnerability-reporting)$/,
  /\/repos\/[^/]+\/[^/]+\/dependabot\/alerts$/,
  /\/installation\/repositories$/,
];

/** A commit asked for as its bare sha (the sweep's head check): the full answer carries patches. */
const COMMIT = /\/repos\/[^/]+\/[^/]+\/commits\/[^/]+$/;

export function isCacheable(url: string, accept = ""): boolean {
  const path = new URL(url, "https://api.github.com").pathname.replace(/^\/api\/v3/, "");
  if (COMMIT.test(path)) return accept.includes("application/vnd.github.sha");
  return CACHEABLE.some((re) => re.test(path));
}

interface RequestOptions {
  method?: string;
  url?: string;
  headers: Record<string, string | undefined>;
  request?: { parseSuccessResponseBody?: boolean };
  [k: string]: unknown;
}

const wrapped = new WeakSet<object>();

/**
 * Send GETs of settings endpoints with `If-None-Match` and answer a 304 from the cache, so a
 * re-score of an unchanged repository costs GitHub's free 304s. Octokit has no such plugin;
 * this is a request hook over the installation's Octokit.
 */
export function useConditionalRequests(octokit: GitHubClient, cache: HttpCache): GitHubClient {
  if (wrapped.has(octokit)) return octokit;
  wrapped.add(octokit);
  octokit.hook.wrap("request", async (request, options) => {
    const o = options as unknown as RequestOptions;
    const endpoint = octokit.request.endpoint(options as never) as { method: string; url: string; headers: Record<string, string> };
    if (endpoint.method !== "GET" || o.request?.parseSuccessResponseBody === false || !isCacheable(endpoint.url, endpoint.headers.accept)) return request(options);
    const key = `GET ${endpoint.url} ${endpoint.headers.accept ?? ""}`;
    const cached = cache.get(key);
    if (cached) o.headers = { ...o.headers, "if-none-match": cached.etag };
    try {
      const res = await request(options);
      const etag = (res.headers as Record<string, string | undefined>).etag;
      const link = (res.headers as Record<string, string | undefined>).link ?? null;
      if (etag && res.status === 200) cache.put(key, etag, { data: res.data, link });
      return res;
    } catch (err) {
      if ((err as { status?: number }).status === 304 && cached) {
        const kept = cached.data as { data: unknown; link: string | null };
        // the Link header is kept too, so pagination goes on from a cached page
        const headers: Record<string, string> = { etag: cached.etag, "x-scorecard-cache": "304" };
        if (kept.link) headers.link = kept.link;
        return { status: 200, url: endpoint.url, headers, data: kept.data } as never;
      }
      throw err;
    }
  });
  return octokit;
}
