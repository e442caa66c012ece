import { unavailable } from "../../src/facts/fact.js";
import type { RepoFacts } from "../../src/facts/types.js";

const NOT_SET = unavailable("not set in this test");

/** RepoFacts where every slice is unavailable except those given. */
export function factsWith(slices: Partial<RepoFacts>): RepoFacts {
  return {
    repo: { owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", commit: "abc", private: false, archived: false, htmlUrl: null },
    source: "github",
    tree: NOT_SET,
    securityPolicy: NOT_SET,
    privateVulnerabilityReporting: NOT_SET,
    workflows: NOT_SET,
    reusableWorkflows: NOT_SET,
    actionManifests: NOT_SET,
    dependabotConfig: NOT_SET,
    renovateConfig: NOT_SET,
    languages: NOT_SET,
    classicProtection: NOT_SET,
    branchRules: NOT_SET,
    rulesets: NOT_SET,
    codeScanningDefaultSetup: NOT_SET,
    codeqlAnalyses: NOT_SET,
    vulnerabilityAlerts: NOT_SET,
    automatedSecurityFixes: NOT_SET,
    dependabotAlerts: NOT_SET,
    secretScanningStatus: NOT_SET,
    secretScanningAlerts: NOT_SET,
    secretScan: NOT_SET,
    pushedSecrets: NOT_SET,
    ...slices,
  };
}
