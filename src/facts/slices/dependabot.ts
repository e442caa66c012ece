import { known, unavailable, type Fact } from "../fact.js";
import type { FactSource } from "../source.js";
import type { DependabotAlert, TextFile } from "../types.js";

const ADMIN = "Administration: read";
const ALERTS = "Dependabot alerts: read";

/** Dependabot reads only these two names. */
const DEPENDABOT_PATHS = [".github/dependabot.yml", ".github/dependabot.yaml"];

/** Renovate's own search order for a repository config. */
export const RENOVATE_PATHS = [
  "renovate.json",
  "renovate.json5",
  ".github/renovate.json",
  ".github/renovate.json5",
  ".gitlab/renovate.json",
  ".gitlab/renovate.json5",
  ".renovaterc",
  ".renovaterc.json",
  ".renovaterc.json5",
];

async function firstPresent(src: FactSource, candidates: readonly string[]): Promise<Fact<TextFile | null>> {
  const tree = await src.listFiles();
  if (!tree.ok) return tree;
  const present = new Set(tree.value);
  for (const path of candidates) {
    if (!present.has(path)) continue;
    const f = await src.readFile(path);
    if (!f.ok) return f;
    if (f.value !== null) return known({ path, content: f.value });
  }
  return known(null);
}

export function collectDependabotConfig(src: FactSource): Promise<Fact<TextFile | null>> {
  return firstPresent(src, DEPENDABOT_PATHS);
}

/** A Renovate config file, else the root package.json when it has a "renovate" key. */
export async function collectRenovateConfig(src: FactSource): Promise<Fact<TextFile | null>> {
  const file = await firstPresent(src, RENOVATE_PATHS);
  if (!file.ok || file.value !== null) return file;
  const pkg = await firstPresent(src, ["package.json"]);
  if (!pkg.ok || pkg.value === null) return pkg;
  // cheap pre-test; the check parses it properly
  return known(/"renovate"\s*:/.test(pkg.value.content) ? pkg.value : null);
}

/**
 * Whether Dependabot alerts are on. The open-alerts list answers that too (403 "Dependabot alerts
 * are disabled for this repository" when off), so a scan asks GitHub once for both; only when that
 * list cannot be read (no Dependabot alerts permission) is GET /vulnerability-alerts asked, which
 * answers 204 when on and 404 when off.
 */
export async function collectVulnerabilityAlerts(src: FactSource): Promise<Fact<boolean>> {
  if (!src.api) return unavailable("a local checkout does not say whether Dependabot alerts are enabled");
  const listed = await alertsAnswer(src);
  if (listed.ok) return known(listed.value !== ALERTS_OFF);
  const r = await src.api.get<unknown>("GET /repos/{owner}/{repo}/vulnerability-alerts", {}, { permission: ADMIN, notFound: false });
  if (!r.ok) return r;
  return known(r.value !== false);
}

export async function collectAutomatedSecurityFixes(src: FactSource): Promise<Fact<boolean>> {
  if (!src.api) return unavailable("a local checkout does not say whether Dependabot security updates are enabled");
  // security updates need alerts: with alerts off they are off, and no request is spent
  const alerts = await collectVulnerabilityAlerts(src);
  if (alerts.ok && !alerts.value) return known(false);
  // the repository payload says "disabled" when it can: that settles it. "enabled" does not: only
  // the endpoint tells whether GitHub paused them (it does when nobody answers Dependabot's PRs)
  if (src.repo.securityAndAnalysis?.dependabot_security_updates?.status === "disabled") return known(false);
  const r = await src.api.get<{ enabled?: boolean; paused?: boolean }>("GET /repos/{owner}/{repo}/automated-security-fixes", {}, { permission: ADMIN });
  if (!r.ok) return r;
  // paused opens no pull requests
  return known(r.value.enabled === true && r.value.paused !== true);
}

interface RawAlert {
  security_advisory?: { severity?: string } | null;
  security_vulnerability?: { severity?: string } | null;
  dependency?: { package?: { ecosystem?: string } | null; manifest_path?: string } | null;
}

/** Marks "alerts are off" in the shared answer; never confused with a real (empty) list. */
const ALERTS_OFF: RawAlert[] = [];

const ALERTS_DISABLED = /alerts are disabled/i;

/** Both the alerts-on flag and the open alerts come from this answer; the reader asks once per scan. */
function alertsAnswer(src: FactSource): Promise<Fact<RawAlert[]>> {
  return src.api!.list<RawAlert>("GET /repos/{owner}/{repo}/dependabot/alerts", { state: "open" }, {
    permission: ALERTS,
    off: { when: ALERTS_DISABLED, value: ALERTS_OFF },
  });
}

export async function collectDependabotAlerts(src: FactSource): Promise<Fact<DependabotAlert[]>> {
  if (!src.api) return unavailable("a local checkout holds no Dependabot alerts");
  const r = await alertsAnswer(src);
  if (!r.ok) return r;
  if (r.value === ALERTS_OFF) return known([]); // alerts off: GitHub raises none
  return known(
    r.value.map((a) => ({
      severity: (a.security_vulnerability?.severity ?? a.security_advisory?.severity ?? "unknown").toLowerCase(),
      ecosystem: a.dependency?.package?.ecosystem ?? null,
      manifestPath: a.dependency?.manifest_path ?? null,
    })),
  );
}
