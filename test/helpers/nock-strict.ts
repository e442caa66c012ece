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
