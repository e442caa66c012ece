import { ProbotOctokit } from "probot";

interface ThrottledRequest {
  method: string;
  url: string;
  request: { retryCount: number };
}
interface LoggingOctokit {
  log: { warn: (msg: string) => void };
}

/** How many times one request is retried after a primary or secondary rate limit. */
export const MAX_RATE_LIMIT_RETRIES = 4;

/**
 * Probot's Octokit with rate limits honoured: the throttling plugin waits `retry-after` (or until
 * the reset) and retries, a bounded number of times, so a sweep pauses instead of failing; the
 * retry plugin retries 5xx. Both come with Probot; only the policy is ours.
 */
export const ScorecardOctokit = ProbotOctokit.defaults({
  throttle: {
    enabled: true,
    onRateLimit: (retryAfter: number, options: ThrottledRequest, octokit: LoggingOctokit) => {
      octokit.log.warn(`rate limit hit on ${options.method} ${options.url}; waiting ${retryAfter}s (retry ${options.request.retryCount + 1})`);
      return options.request.retryCount < MAX_RATE_LIMIT_RETRIES;
    },
    onSecondaryRateLimit: (retryAfter: number, options: ThrottledRequest, octokit: LoggingOctokit) => {
      octokit.log.warn(`secondary rate limit on ${options.method} ${options.url}; waiting ${retryAfter}s (retry ${options.request.retryCount + 1})`);
      return options.request.retryCount < MAX_RATE_LIMIT_RETRIES;
    },
  },
  retry: { retries: 3 },
}) as typeof ProbotOctokit;
