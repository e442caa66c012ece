import type { CheckId, CheckResult } from "../checks/types.js";
import type { RepoRef } from "../facts/types.js";

export type Trigger = "install" | "push" | "pull_request" | "schedule" | "manual" | "event";

/** One scoring of one repository: what the store keeps and the renderers show. */
export interface Scan {
  repo: RepoRef;
  source: "github" | "localdir";
  trigger: Trigger;
  scoredAt: string;
  score: number | null;
  excluded: CheckId[];
  checks: CheckResult[];
}
