import { limiter } from "../limit.js";
import type { GitHubClient } from "./octokit.js";

export interface PacingOptions {
  /** requests of one installation in flight at once */
  maxConcurrent: number;
  /** below this share of the hourly limit left, requests are spread over the time until reset */
  slowBelow: number;
}

export const DEFAULT_PACING: PacingOptions = {
  maxConcurrent: Number(process.env.MAX_CONCURRENT_REQUESTS ?? 8),
  slowBelow: 0.1,
};

interface Budget {
  remaining: number | null;
  limit: number | null;
  resetAt: number | null;
}

/** The wait before the next request: none while the budget is comfortable, else what spreads the rest until the reset. */
export function paceDelay(b: Budget, now: number, slowBelow: number): number {
  if (b.remaining === null || b.limit === null || b.resetAt === null || b.limit <= 0) return 0;
  if (b.remaining / b.limit >= slowBelow) return 0;
  const left = Math.max(0, b.resetAt - now);
  if (b.remaining <= 1) return left; // nothing left: wait for the reset
  return Math.min(left, Math.floor(left / b.remaining));
}

const perInstallation = new Map<number, { run: ReturnType<typeof limiter>; budget: Budget }>();
const paced = new WeakSet<object>();

/**
 * Per installation: at most `maxConcurrent` requests in flight (every Octokit of the installation
 * shares the limit), and as `x-ratelimit-remaining` falls below `slowBelow` of the limit, requests
 * are spaced so the rest of the budget lasts until the reset, instead of running into the limit.
 * Octokit's throttling plugin still handles a limit actually hit (it waits for the reset).
 */
export function usePacing(octokit: GitHubClient, installationId: number, opts: PacingOptions = DEFAULT_PACING): GitHubClient {
  if (paced.has(octokit)) return octokit;
  paced.add(octokit);
  let state = perInstallation.get(installationId);
  if (!state) {
    state = { run: limiter(opts.maxConcurrent), budget: { remaining: null, limit: null, resetAt: null } };
    perInstallation.set(installationId, state);
  }
  const s = state;
  octokit.hook.wrap("request", (request, options) =>
    s.run(async () => {
      const wait = paceDelay(s.budget, Date.now(), opts.slowBelow);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const res = await Promise.resolve(request(options)).catch((err: { response?: { headers?: Record<string, string> } }) => {
        record(s.budget, err.response?.headers);
        throw err;
      });
      record(s.budget, res.headers as Record<string, string>);
      return res;
    }),
  );
  return octokit;
}

function record(b: Budget, headers: Record<string, string | undefined> | undefined): void {
  if (!headers) return;
  const remaining = Number(headers["x-ratelimit-remaining"]);
  const limit = Number(headers["x-ratelimit-limit"]);
  const reset = Number(headers["x-ratelimit-reset"]);
  if (Number.isFinite(remaining)) b.remaining = remaining;
  if (Number.isFinite(limit)) b.limit = limit;
  if (Number.isFinite(reset)) b.resetAt = reset * 1000;
}

/** Tests start from a clean slate. */
export function forgetPacing(): void {
  perInstallation.clear();
}
