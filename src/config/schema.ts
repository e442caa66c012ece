import { z } from "zod";
import { CHECK_IDS } from "../checks/types.js";

const CheckId = z.enum(CHECK_IDS);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");

/**
 * `.github/scorecard.yml` (organization defaults in the org's `.github` repository; `_extends`
 * layering is done by Probot's config plugin before this schema sees it).
 */
export const ConfigSchema = z
  .object({
    _extends: z.string().optional(),
    checks: z
      .partialRecord(CheckId, z.object({ enabled: z.boolean().default(true), weight: z.number().min(0).max(100).optional() }).strict())
      .default({}),
    pull_requests: z
      .object({
        /** fail the check run when the total with the PR drops below this */
        fail_below: z.number().min(0).max(10).nullable().default(null),
        /** always: comment on every PR; on-change: only when the score changes; never */
        comment: z.enum(["always", "on-change", "never"]).default("on-change"),
        annotations: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    exemptions: z
      .array(z.object({ check: CheckId, reason: z.string().min(3), expires: IsoDate.optional() }).strict())
      .default([]),
    /** repositories left out of sweeps and the dashboard (globs on the repository name) */
    exclude_repositories: z.array(z.string()).default([]),
    dashboard: z
      .object({
        /** repository of the organization holding the dashboard issue */
        repository: z.string().default(".github"),
        issue: z.boolean().default(true),
        file: z.object({ repository: z.string(), branch: z.string().default("main"), path: z.string() }).strict().optional(),
      })
      .strict()
      .prefault({}),
    secrets: z.object({ allow_paths: z.array(z.string()).default([]) }).strict().prefault({}),
  })
  .strict();

export type RepoConfig = z.infer<typeof ConfigSchema>;

export const DEFAULT_CONFIG: RepoConfig = ConfigSchema.parse({});

export interface ConfigResult {
  config: RepoConfig;
  /** what was wrong with the configuration found, with where; null when valid or absent */
  error: string | null;
  /** files it was read from, "owner/repo:path" */
  files: string[];
}

/** Validate raw configuration; on error say what and where, and fall back to `fallback`. */
export function validateConfig(raw: unknown, where: string, fallback: RepoConfig = DEFAULT_CONFIG): { config: RepoConfig; error: string | null } {
  const parsed = ConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return { config: parsed.data, error: null };
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
  return { config: fallback, error: `invalid configuration in ${where}: ${issues}` };
}

/** Glob on repository names: `*` any run of characters, `?` one; case-insensitive. */
export function repoExcluded(config: RepoConfig, name: string): boolean {
  return config.exclude_repositories.some((glob) => globToRegExp(glob).test(name));
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}
