import { parse as parseYaml } from "yaml";
import type { Fact } from "../facts/fact.js";
import type { GitHubClient } from "../facts/github/octokit.js";
import { TtlMemo } from "../facts/ttl-memo.js";
import type { AppState } from "../store/app-state.js";
import { DEFAULT_CONFIG, validateConfig, type ConfigResult, type RepoConfig } from "./schema.js";

export const CONFIG_PATH = ".github/scorecard.yml";

interface RawConfig {
  raw: Record<string, unknown> | null;
  files: string[];
  error: string | null;
}

/** Probot's config plugin: the repository's file, else the org `.github` repository's, `_extends` followed. */
async function viaPlugin(octokit: GitHubClient, owner: string, repo: string): Promise<RawConfig> {
  try {
    const res = await octokit.config.get({ owner, repo, path: CONFIG_PATH });
    const files = res.files.filter((f) => f.config !== null).map((f) => `${f.owner}/${f.repo}:${f.path}`);
    return { raw: files.length ? res.config : null, files, error: null };
  } catch (err) {
    const status = (err as { status?: number }).status;
    const why = status === 403 ? 'GitHub refused to read it (grant "Contents: read")' : (err as Error).message;
    return { raw: null, files: [], error: `could not read ${owner}/${repo}:${CONFIG_PATH}: ${why}` };
  }
}

/**
 * Organization defaults (`<org>/.github:.github/scorecard.yml`), read once per organization and
 * kept for `ttlMs`, so a sweep of many repositories asks once.
 */
export class OrgConfigCache {
  private readonly memo: TtlMemo<RawConfig>;
  constructor(ttlMs = 5 * 60_000) {
    // an unreadable org config is asked again by the next repository
    this.memo = new TtlMemo<RawConfig>(ttlMs, (v) => v.error !== null);
  }

  get(octokit: GitHubClient, owner: string): Promise<RawConfig> {
    return this.memo.get(owner, () => viaPlugin(octokit, owner, ".github"));
  }

  invalidate(owner: string): void {
    this.memo.forget(owner);
  }
}

function finish(fullName: string, got: RawConfig, state?: AppState): ConfigResult {
  const lastValid = (state?.lastValidConfig(fullName) as RepoConfig | null) ?? DEFAULT_CONFIG;
  if (got.error) return { config: lastValid, error: got.error, files: got.files };
  const { config, error } = validateConfig(got.raw ?? {}, got.files.join(", ") || `${fullName}:${CONFIG_PATH}`, lastValid);
  if (!error && state) state.saveValidConfig(fullName, config);
  return { config, error, files: got.files };
}

/**
 * The configuration of a repository whose files are already at hand: its own
 * `.github/scorecard.yml` read from the scanned commit (no request), else the organization's
 * defaults (cached). A file using `_extends` is read through Probot's plugin, which layers it.
 * An invalid file never silently falls back: the error says what and where, and the last valid
 * configuration of the repository is used.
 */
export async function repoConfig(
  octokit: GitHubClient,
  repo: { owner: string; name: string; fullName: string },
  readLocal: () => Promise<Fact<string | null>>,
  orgCache: OrgConfigCache,
  state?: AppState,
): Promise<ConfigResult> {
  const where = `${repo.fullName}:${CONFIG_PATH}`;
  const local = await readLocal();
  if (local.ok && local.value !== null) {
    let raw: unknown;
    try {
      raw = parseYaml(local.value, { maxAliasCount: 100 }) ?? {};
    } catch (err) {
      return finish(repo.fullName, { raw: null, files: [where], error: `invalid YAML in ${where}: ${(err as Error).message.split("\n")[0]}` }, state);
    }
    if (raw && typeof raw === "object" && "_extends" in raw) return finish(repo.fullName, await viaPlugin(octokit, repo.owner, repo.name), state);
    return finish(repo.fullName, { raw: raw as Record<string, unknown>, files: [where], error: null }, state);
  }
  if (!local.ok) return finish(repo.fullName, await viaPlugin(octokit, repo.owner, repo.name), state);
  return finish(repo.fullName, await orgCache.get(octokit, repo.owner), state);
}

/**
 * The organization's own configuration (the file in its `.github` repository, which is also the
 * defaults of its repositories): what the sweep and the dashboard follow. The last valid one is
 * kept, so that readers without GitHub at hand (the HTTP dashboard) apply the same exclusions.
 */
export async function orgLevelConfig(octokit: GitHubClient, orgCache: OrgConfigCache, owner: string, state?: AppState): Promise<ConfigResult> {
  return finish(orgConfigKey(owner), await orgCache.get(octokit, owner), state);
}

/** Where the organization's last valid configuration is kept: it is the file of its `.github` repository. */
export const orgConfigKey = (owner: string): string => `${owner}/.github`;

/** For callers without the repository's files at hand. */
export async function loadRepoConfig(octokit: GitHubClient, owner: string, repo: string, state?: AppState): Promise<ConfigResult> {
  return finish(`${owner}/${repo}`, await viaPlugin(octokit, owner, repo), state);
}
