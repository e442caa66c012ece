import type { Fact } from "./fact.js";

export type { Fact } from "./fact.js";

export interface RepoRef {
  owner: string;
  name: string;
  /** "owner/name" */
  fullName: string;
  defaultBranch: string;
  /** commit sha scanned, or null when unknown (e.g. a directory that is not a git checkout) */
  commit: string | null;
  private: boolean;
  archived: boolean;
  htmlUrl: string | null;
  /** GitHub's one-line description; absent when the payload at hand did not carry it */
  description?: string | null;
  /** GitHub repository id when known */
  id?: number;
  pushedAt?: string | null;
  /**
   * GitHub's `security_and_analysis` when the repository payload at hand carried it (GitHub shows
   * it to those with admin read); absent, the collector asks GET /repos/{owner}/{repo}
   */
  securityAndAnalysis?: Record<string, { status?: string } | null | undefined>;
}

export interface TextFile {
  path: string;
  content: string;
}

export interface SecurityPolicyFile extends TextFile {
  /** where GitHub would find it: the repository itself, or the org's `.github` repository */
  origin: "repository" | "organization";
  /** "owner/repo" holding the file */
  repository: string;
}

/** Classic branch protection, normalised. null in the fact = branch not protected. */
export interface ClassicProtection {
  allowForcePushes: boolean;
  allowDeletions: boolean;
  /** null = pull request reviews not required */
  requiredReviews: {
    count: number;
    requireCodeOwners: boolean;
    dismissStale: boolean;
    requireLastPushApproval: boolean;
  } | null;
  /** null = status checks not required; otherwise the contexts (may be empty) */
  requiredStatusChecks: string[] | null;
  enforceAdmins: boolean;
}

/** A rule from GET /repos/{o}/{r}/rules/branches/{branch} (repo + org rulesets). */
export interface BranchRule {
  type: string;
  parameters?: Record<string, unknown>;
  rulesetId?: number;
  rulesetSourceType?: string;
  rulesetSource?: string;
}

export interface RulesetSummary {
  id: number;
  name: string;
  enforcement: string;
  /** number of bypass actors; null when it could not be read */
  bypassActors: number | null;
}

/** The rules on a repository's default branch and the rulesets they come from, read ahead for a sweep. */
export interface PrefetchedBranchRules {
  branch: string;
  rules: BranchRule[];
  rulesets: RulesetSummary[];
}

export interface CodeScanningDefaultSetup {
  state: "configured" | "not-configured";
  languages: string[];
  updatedAt: string | null;
}

export interface CodeqlAnalysis {
  createdAt: string;
  ref: string;
  category: string | null;
  /** language analysed, when the category or environment tells it */
  language: string | null;
}

export interface DependabotAlert {
  severity: "critical" | "high" | "medium" | "low" | string;
  ecosystem: string | null;
  manifestPath: string | null;
}

export interface SecretScanningStatus {
  secretScanning: "enabled" | "disabled" | "unknown";
  pushProtection: "enabled" | "disabled" | "unknown";
}

export interface SecretScanningAlert {
  number: number;
  secretType: string;
  url: string | null;
  /** first location when visible */
  path: string | null;
  line: number | null;
}

/** A secret found by our own scanner. The raw value never leaves the scanner. */
export interface SecretFinding {
  ruleId: string;
  description: string;
  path: string;
  line: number;
  column: number;
  /** keyed hash of the secret, stable across scans of one installation */
  fingerprint: string;
  /** first 4 characters and the length, never more, e.g. "AKIA… (20 chars)" */
  preview: string;
  suppressed?: { reason: string } | null;
}

export interface SecretScanSummary {
  findings: SecretFinding[];
  filesScanned: number;
  bytesScanned: number;
  /** files skipped with why (binary, too large, allowlisted path) */
  skipped: { path: string; reason: string }[];
}

/** Secrets in the added lines of the commits a push brought to the default branch. */
export interface PushedSecretScan {
  findings: (SecretFinding & { commit: string })[];
  commitsScanned: number;
  /** commits or files not scanned, with why (over the cap, unreadable, no patch) */
  skipped: string[];
}

/**
 * Every fact slice a check may read. Each is collected at most once per scan, and only
 * when a selected check `needs` it. A slice the source cannot know is `unavailable`.
 */
export interface RepoFacts {
  repo: RepoRef;
  source: "github" | "localdir";
  /** every file path at the scanned commit, posix, relative to the root */
  tree: Fact<string[]>;
  securityPolicy: Fact<SecurityPolicyFile | null>;
  privateVulnerabilityReporting: Fact<boolean>;
  /** all files in .github/workflows/ ending in .yml/.yaml */
  workflows: Fact<TextFile[]>;
  /** reusable workflows called by jobs (`jobs.<id>.uses`), keyed by the `uses` string */
  reusableWorkflows: Fact<Record<string, Fact<TextFile>>>;
  /** action.yml of step actions named like harden-runner wrappers, keyed by the `uses` string */
  actionManifests: Fact<Record<string, Fact<TextFile>>>;
  dependabotConfig: Fact<TextFile | null>;
  /** renovate config file (or package.json with a "renovate" key) */
  renovateConfig: Fact<TextFile | null>;
  /** bytes per language (GitHub linguist, or file extensions locally) */
  languages: Fact<Record<string, number>>;
  classicProtection: Fact<ClassicProtection | null>;
  branchRules: Fact<BranchRule[]>;
  rulesets: Fact<RulesetSummary[]>;
  codeScanningDefaultSetup: Fact<CodeScanningDefaultSetup>;
  codeqlAnalyses: Fact<CodeqlAnalysis[]>;
  vulnerabilityAlerts: Fact<boolean>;
  automatedSecurityFixes: Fact<boolean>;
  dependabotAlerts: Fact<DependabotAlert[]>;
  secretScanningStatus: Fact<SecretScanningStatus>;
  secretScanningAlerts: Fact<SecretScanningAlert[]>;
  secretScan: Fact<SecretScanSummary>;
  pushedSecrets: Fact<PushedSecretScan>;
}

export type FactKey = Exclude<keyof RepoFacts, "repo" | "source">;
