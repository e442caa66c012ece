import type { GitHubClient } from "../facts/github/octokit.js";
import type { AppState } from "../store/app-state.js";
import { DEFAULT_CONFIG, validateConfig, type ConfigResult, type RepoConfig } from "./schema.js";

export const CONFIG_PATH = ".github/scorecard.yml";

/**
 * Read `.github/scorecard.yml` of a repository, falling back to the org's `.github` repository and
 * following `_extends` (Probot's config plugin). An invalid file never silently falls back: the
 * error says what and where, and the last valid configuration of the repository is used.
 */
export async function loadRepoConfig(octokit: GitHubClient, owner: string, repo: string, state?: AppState): Promise<ConfigResult> {
  const fullName = `${owner}/${repo}`;
  const lastValid = (state?.lastValidConfig(fullName) as RepoConfig | null) ?? DEFAULT_CONFIG;
  let raw: Record<string, unknown>;
  let files: string[] = [];
  try {
    const res = await octokit.config.get({ owner, repo, path: CONFIG_PATH });
    raw = res.config;
    files = res.files.filter((f) => f.config !== null).map((f) => `${f.owner}/${f.repo}:${f.path}`);
  } catch (err) {
    const status = (err as { status?: number }).status;
    const why = status === 403 ? 'GitHub refused to read it (grant "Contents: read")' : (err as Error).message;
    return { config: lastValid, error: `could not read ${fullName}:${CONFIG_PATH}: ${why}`, files };
  }
  const { config, error } = validateConfig(raw, files.join(", ") || `${fullName}:${CONFIG_PATH}`, lastValid);
  if (!error && state) state.saveValidConfig(fullName, config);
  return { config, error, files };
}
