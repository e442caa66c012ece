import { describe, expect, test } from "@jest/globals";
import { orgLevelConfig, type OrgConfigCache } from "../../src/config/load.js";
import type { GitHubClient } from "../../src/facts/github/octokit.js";
import { AppState } from "../../src/store/app-state.js";
import { Store } from "../../src/store/store.js";

type Raw = { raw: Record<string, unknown> | null; files: string[]; error: string | null };
const cache = (answer: Raw) => ({ get: async () => answer }) as unknown as OrgConfigCache;
const octokit = {} as GitHubClient;
const FILE = "acme/.github:.github/scorecard.yml";

describe("the organization's own configuration", () => {
  test("a valid file is used and kept as the organization's last valid one", async () => {
    const state = new AppState(new Store(":memory:"));
    const r = await orgLevelConfig(octokit, cache({ raw: { exclude_repositories: ["sandbox-*"] }, files: [FILE], error: null }), "acme", state);
    expect(r.error).toBeNull();
    expect(r.config.exclude_repositories).toEqual(["sandbox-*"]);
    expect((state.lastValidConfig("acme/.github") as { exclude_repositories: string[] }).exclude_repositories).toEqual(["sandbox-*"]);
  });

  test("an unreadable or invalid file says why, and the last valid one stays in force", async () => {
    const state = new AppState(new Store(":memory:"));
    await orgLevelConfig(octokit, cache({ raw: { exclude_repositories: ["old-*"] }, files: [FILE], error: null }), "acme", state);
    const broken = await orgLevelConfig(octokit, cache({ raw: null, files: [FILE], error: `invalid YAML in ${FILE}` }), "acme", state);
    expect(broken.error).toContain("invalid YAML");
    expect(broken.config.exclude_repositories).toEqual(["old-*"]);
    const invalid = await orgLevelConfig(octokit, cache({ raw: { exclude_repositories: "not-a-list" }, files: [FILE], error: null }), "acme", state);
    expect(invalid.error).toContain("exclude_repositories");
    expect((state.lastValidConfig("acme/.github") as { exclude_repositories: string[] }).exclude_repositories).toEqual(["old-*"]);
  });
});
