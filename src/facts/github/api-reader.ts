import { known, unavailable, type Fact } from "../fact.js";
import type { ApiReader } from "../source.js";
import { httpStatus, type GitHubClient } from "./octokit.js";

/**
 * Maps GitHub's answers onto facts: never throws for an HTTP error. Identical GETs and lists made
 * while collecting one repository's facts are sent once: one answer often serves several facts
 * (the open Dependabot alerts also say whether alerts are on; the CodeQL analyses also tell
 * default setup; the branch rules serve the rules and the rulesets collectors).
 */
export class GitHubApiReader implements ApiReader {
  private readonly memo = new Map<string, Promise<Fact<unknown>>>();

  constructor(
    private readonly octokit: GitHubClient,
    private readonly owner: string,
    private readonly repo: string,
  ) {}

  get<T>(
    route: string,
    params: Record<string, string | number> = {},
    opts: { permission?: string; notFound?: T; accept?: string } = {},
  ): Promise<Fact<T>> {
    const key = JSON.stringify([route, params, opts]);
    let p = this.memo.get(key) as Promise<Fact<T>> | undefined;
    if (!p) {
      p = this.fetch(route, params, opts);
      this.memo.set(key, p);
    }
    return p;
  }

  private async fetch<T>(route: string, params: Record<string, string | number>, opts: { permission?: string; notFound?: T; accept?: string }): Promise<Fact<T>> {
    try {
      const headers = opts.accept ? { accept: opts.accept } : undefined;
      const res = await this.octokit.request(route, { ...this.coords(route), ...params, headers });
      return known(res.data as T);
    } catch (err) {
      return mapError(err, route, opts);
    }
  }

  /** owner/repo for the route's placeholders only: anything else would be sent as a query. */
  private coords(route: string): Record<string, string> {
    const out: Record<string, string> = {};
    if (route.includes("{owner}")) out.owner = this.owner;
    if (route.includes("{repo}")) out.repo = this.repo;
    return out;
  }

  list<T>(
    route: string,
    params: Record<string, string | number> = {},
    opts: { permission?: string; notFound?: T[]; max?: number; off?: { when: RegExp; value: T[] } } = {},
  ): Promise<Fact<T[]>> {
    const key = JSON.stringify(["list", route, params, opts, opts.off?.when.source]);
    let p = this.memo.get(key) as Promise<Fact<T[]>> | undefined;
    if (!p) {
      p = this.fetchAll(route, params, opts);
      this.memo.set(key, p);
    }
    return p;
  }

  private async fetchAll<T>(
    route: string,
    params: Record<string, string | number>,
    opts: { permission?: string; notFound?: T[]; max?: number; off?: { when: RegExp; value: T[] } },
  ): Promise<Fact<T[]>> {
    const max = opts.max ?? 1000;
    try {
      const items: T[] = [];
      for await (const page of this.octokit.paginate.iterator(route, { ...this.coords(route), per_page: 100, ...params })) {
        items.push(...(page.data as T[]));
        if (items.length >= max) break;
      }
      return known(items.slice(0, max));
    } catch (err) {
      if (opts.off && (httpStatus(err) === 403 || httpStatus(err) === 404) && opts.off.when.test(gitHubMessage(err))) return known(opts.off.value);
      return mapError(err, route, opts);
    }
  }

  async readRemoteFile(owner: string, repo: string, path: string, ref?: string): Promise<Fact<string | null>> {
    try {
      const res = await this.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
        owner,
        repo,
        path,
        ...(ref ? { ref } : {}),
        headers: { accept: "application/vnd.github.raw+json" },
      });
      return known(typeof res.data === "string" ? res.data : decodeContents(res.data));
    } catch (err) {
      return mapError(err, `GET ${owner}/${repo}/${path}`, { notFound: null, permission: "Contents: read" });
    }
  }
}

/** GitHub's own message of an error answer (Octokit puts the body in response.data). */
function gitHubMessage(err: unknown): string {
  const data = (err as { response?: { data?: unknown } } | null)?.response?.data;
  const m = data && typeof data === "object" ? (data as { message?: unknown }).message : undefined;
  return typeof m === "string" ? m : "";
}

function decodeContents(data: unknown): string | null {
  const d = data as { content?: string; encoding?: string } | null;
  if (d && typeof d.content === "string" && d.encoding === "base64") return Buffer.from(d.content, "base64").toString("utf8");
  return null;
}

export function mapError<T>(err: unknown, what: string, opts: { permission?: string; notFound?: T }): Fact<T> {
  const status = httpStatus(err);
  if (status === 404 && opts.notFound !== undefined) return known(opts.notFound);
  if (status === 403 || (status === 404 && opts.permission)) {
    // GitHub answers 404 as well as 403 to an app lacking a permission on some endpoints.
    return unavailable(`GitHub refused ${what} (${status})`, opts.permission);
  }
  if (status !== undefined) return unavailable(`GitHub answered ${status} to ${what}`);
  return unavailable(`request ${what} failed: ${(err as Error)?.message ?? String(err)}`);
}
