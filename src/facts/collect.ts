import { unavailable, type Fact } from "./fact.js";
import type { FactSource } from "./source.js";
import type { FactKey, RepoFacts } from "./types.js";
import { collectTree } from "./slices/files.js";
import { collectBranchRules, collectClassicProtection, collectRulesets } from "./slices/branch-protection.js";
import { collectAutomatedSecurityFixes, collectDependabotAlerts, collectDependabotConfig, collectRenovateConfig, collectVulnerabilityAlerts } from "./slices/dependabot.js";
import { collectPrivateVulnerabilityReporting, collectSecurityPolicy } from "./slices/security-policy.js";
import { collectActionManifests, collectReusableWorkflows, collectWorkflows } from "./slices/workflows.js";
import { collectCodeqlAnalyses, collectCodeScanningDefaultSetup, collectLanguages } from "./slices/code-scanning.js";
import { collectPushedSecrets, collectSecretScan, collectSecretScanningAlerts, collectSecretScanningStatus } from "./slices/secrets.js";

type Collector<K extends FactKey> = (src: FactSource) => Promise<RepoFacts[K]>;
type CollectorMap = { [K in FactKey]?: Collector<K> };

/** One line per fact slice: how it is collected. A slice nobody collects yet is unavailable. */
const COLLECTORS: CollectorMap = {
  tree: collectTree,
  securityPolicy: collectSecurityPolicy,
  privateVulnerabilityReporting: collectPrivateVulnerabilityReporting,
  classicProtection: collectClassicProtection,
  branchRules: collectBranchRules,
  rulesets: collectRulesets,
  dependabotConfig: collectDependabotConfig,
  renovateConfig: collectRenovateConfig,
  vulnerabilityAlerts: collectVulnerabilityAlerts,
  automatedSecurityFixes: collectAutomatedSecurityFixes,
  dependabotAlerts: collectDependabotAlerts,
  workflows: collectWorkflows,
  reusableWorkflows: collectReusableWorkflows,
  actionManifests: collectActionManifests,
  codeScanningDefaultSetup: collectCodeScanningDefaultSetup,
  codeqlAnalyses: collectCodeqlAnalyses,
  languages: collectLanguages,
  secretScan: collectSecretScan,
  secretScanningStatus: collectSecretScanningStatus,
  secretScanningAlerts: collectSecretScanningAlerts,
  pushedSecrets: collectPushedSecrets,
};

const NOT_NEEDED = unavailable("not collected: no selected check needs it");

/**
 * Collect the slices `needs` names, in parallel, each at most once. A collector that throws
 * is turned into an unavailable fact with the error's message: collection never fails whole.
 */
export async function collectFacts(src: FactSource, needs: Iterable<FactKey>): Promise<RepoFacts> {
  const wanted = new Set(needs);
  const facts = { repo: src.repo, source: src.kind } as RepoFacts;
  const all = Object.keys(ALL_KEYS) as FactKey[];
  await Promise.all(
    all.map(async (key) => {
      const value: Fact<unknown> = wanted.has(key) ? await runCollector(key, src) : NOT_NEEDED;
      (facts as unknown as Record<string, unknown>)[key] = value;
    }),
  );
  return facts;
}

async function runCollector(key: FactKey, src: FactSource): Promise<Fact<unknown>> {
  const fn = COLLECTORS[key] as ((s: FactSource) => Promise<Fact<unknown>>) | undefined;
  if (!fn) return unavailable(`no collector for "${key}" yet`);
  try {
    return await fn(src);
  } catch (err) {
    return unavailable(`collecting ${key} failed: ${(err as Error).message}`);
  }
}

/** Every FactKey, checked by the compiler to be complete. */
const ALL_KEYS: Record<FactKey, true> = {
  tree: true,
  securityPolicy: true,
  privateVulnerabilityReporting: true,
  workflows: true,
  reusableWorkflows: true,
  actionManifests: true,
  dependabotConfig: true,
  renovateConfig: true,
  languages: true,
  classicProtection: true,
  branchRules: true,
  rulesets: true,
  codeScanningDefaultSetup: true,
  codeqlAnalyses: true,
  vulnerabilityAlerts: true,
  automatedSecurityFixes: true,
  dependabotAlerts: true,
  secretScanningStatus: true,
  secretScanningAlerts: true,
  secretScan: true,
  pushedSecrets: true,
};
