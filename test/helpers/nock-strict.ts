import { afterEach, beforeEach, expect } from "@jest/globals";
import nock from "nock";
import { ProbotOctokit } from "probot";
import type { GitHubClient } from "../../src/facts/github/octokit.js";

/**
 * Integration-test discipline: no real network, and every mocked request consumed. `each` runs
 * before every test (after the network is closed), e.g. to forget cached org-level answers.
 */
export function strictNock(each?: () => void): void {
  beforeEach(() => {
    nock.disableNetConnect();
    each?.();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });
}

/** An installation Octokit without retries or throttling, so nock sees each request once. */
export const plainOctokit = (): GitHubClient =>
  new ProbotOctokit({ auth: { token: "ghs_test" }, retry: { enabled: false }, throttle: { enabled: false } }) as unknown as GitHubClient;

/**
 * strictNock, and the requests no interceptor matched ("GET https://…"), newest list per test:
 * an unmocked request otherwise shows only through its effect (a fact becomes unavailable).
 */
export function strictNockUnmatched(each?: () => void): { list: string[] } {
  const seen = { list: [] as string[] };
  const onNoMatch = (req: { method?: string; url?: string; path?: string }) => seen.list.push(`${req.method} ${req.url ?? req.path}`);
  strictNock(() => {
    seen.list = [];
    nock.emitter.on("no match", onNoMatch);
    each?.();
  });
  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
  });
  return seen;
}
