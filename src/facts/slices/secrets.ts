import { parse as parseYaml } from "yaml";
import { pathAllowlist } from "../../secrets/paths.js";
import { scanText, type FileScan, type ScanOptions } from "../../secrets/engine.js";
import { scanPatch } from "../../secrets/patch.js";
import { fingerprintKey } from "../../secrets/key.js";
import { SECRET_SCANNING_OFF } from "../../secrets/status.js";
import { known, unavailable, type Fact } from "../fact.js";
import type { FactSource } from "../source.js";
import type { PushedSecretScan, SecretFinding, SecretScanningAlert, SecretScanningStatus, SecretScanSummary } from "../types.js";

const CONCURRENCY = 8;
/**
 * Files read per scan. When each read is a request (GitHub's contents API, when the tarball could
 * not be had) a scan reads at most 3,000 of the installation's 5,000 an hour; read from memory or
 * disk, 100,000. The rest are reported as not scanned.
 */
const MAX_FILES = { perRequest: 3_000, inMemory: 100_000 } as const;

/**
 * Scans by source and path: a pull request's overlay hands each file it does not touch to the
 * base (`origin`), so base and head, collected side by side, scan it once.
 */
const scans = new WeakMap<FactSource, Map<string, Promise<FileScan | { unread: string } | null>>>();

function scanFile(src: FactSource, path: string, opts: ScanOptions): Promise<FileScan | { unread: string } | null> {
  const owner = src.origin?.(path) ?? src;
  let byPath = scans.get(owner);
  if (!byPath) scans.set(owner, (byPath = new Map()));
  let p = byPath.get(path);
  if (!p) {
    p = owner.readFile(path).then((content) => {
      if (!content.ok) return { unread: content.reason };
      return content.value === null ? null : scanText(path, content.value, opts);
    });
    byPath.set(path, p);
  }
  return p;
}
// decided by name, so that no request is spent reading them
const BINARY_EXT = /\.(?:png|jpe?g|gif|bmp|ico|icns|webp|avif|tiff?|psd|pdf|zip|gz|tgz|bz2|xz|7z|rar|zst|jar|war|ear|class|so|dylib|dll|exe|o|a|lib|bin|dat|wasm|woff2?|ttf|otf|eot|mp[34]|m4a|mov|avi|mkv|webm|ogg|flac|wav|sqlite3?|db|pyc|pyo|node|parquet|onnx|pt|h5|pkl|npy|npz)$/i;
const CONFIG_PATH = ".github/scorecard.yml";

async function scanOptions(src: FactSource): Promise<ScanOptions> {
  return {
    // a local checkout gets no key file written into it: without one its fingerprints hold for one run
    key: src.fingerprintKey ?? fingerprintKey(null, { create: src.kind === "github" }),
    allowPath: pathAllowlist(await allowedPaths(src)),
  };
}

/** Our own scan of every file at the scanned commit. */
export async function collectSecretScan(src: FactSource): Promise<Fact<SecretScanSummary>> {
  const list = await src.listFiles();
  if (!list.ok) return list;
  const opts = await scanOptions(src);
  const summary: SecretScanSummary = { findings: [], filesScanned: 0, bytesScanned: 0, skipped: [] };
  const paths = list.value;
  const max = src.readsCostRequests ? MAX_FILES.perRequest : MAX_FILES.inMemory;
  for (const path of paths.slice(max)) summary.skipped.push({ path, reason: `over the ${max}-file limit of one scan` });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < Math.min(paths.length, max)) {
      const path = paths[next++]!;
      const glob = opts.allowPath?.(path);
      if (glob) {
        summary.skipped.push({ path, reason: `path allowlisted by "${glob}"` });
        continue;
      }
      if (BINARY_EXT.test(path)) {
        summary.skipped.push({ path, reason: "binary file (by extension)" });
        continue;
      }
      const r = await scanFile(src, path, opts);
      if (r === null) continue;
      if ("unread" in r) {
        summary.skipped.push({ path, reason: r.unread });
        continue;
      }
      if (r.skipped) summary.skipped.push({ path, reason: r.skipped });
      if (r.partial) summary.skipped.push({ path, reason: r.partial });
      if (r.bytes > 0) summary.filesScanned++;
      summary.bytesScanned += r.bytes;
      summary.findings.push(...r.findings);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  summary.findings.sort(byPlace);
  summary.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return known(summary);
}

/** At most this many pushed commits are read (one request each); the newest are. */
export const MAX_PUSHED_COMMITS = 20;
/** GitHub's commit API lists at most this many files on its first page. */
const COMMIT_FILES_PAGE = 300;

interface CommitResponse {
  files?: { filename: string; status?: string; patch?: string }[];
}

/**
 * The added lines of each commit a push brought, from GitHub's commit API (one request per
 * commit). Findings keep the commit; the check reports those no longer in the files.
 */
export async function collectPushedSecrets(src: FactSource): Promise<Fact<PushedSecretScan>> {
  const pushed = src.pushed ?? [];
  const out: PushedSecretScan = { findings: [], commitsScanned: 0, skipped: [] };
  if (!src.api || pushed.length === 0) return known(out);
  const api = src.api;
  const opts = await scanOptions(src);
  const newest = pushed.slice(-MAX_PUSHED_COMMITS);
  if (pushed.length > newest.length) out.skipped.push(`${pushed.length - newest.length} older pushed commits (over the ${MAX_PUSHED_COMMITS}-commit limit)`);
  const answers = await Promise.all(newest.map((sha) => api.get<CommitResponse>("GET /repos/{owner}/{repo}/commits/{ref}", { ref: sha }, { permission: "Contents: read" })));
  answers.forEach((r, i) => {
    const sha = newest[i]!;
    if (!r.ok) {
      out.skipped.push(`commit ${sha.slice(0, 7)}: ${r.reason}`);
      return;
    }
    out.commitsScanned++;
    const files = r.value.files ?? [];
    if (files.length >= COMMIT_FILES_PAGE) out.skipped.push(`commit ${sha.slice(0, 7)}: files after the first ${COMMIT_FILES_PAGE}`);
    for (const f of files) {
      if (f.status === "removed") continue;
      if (f.patch === undefined) {
        // GitHub leaves the patch out for binary files and very large diffs
        if (!BINARY_EXT.test(f.filename)) out.skipped.push(`commit ${sha.slice(0, 7)}: ${f.filename} (no diff from GitHub)`);
        continue;
      }
      const scan = scanPatch(f.filename, f.patch, opts);
      for (const finding of scan.findings) out.findings.push({ ...finding, commit: sha });
    }
  });
  return known(out);
}

const byPlace = (a: SecretFinding, b: SecretFinding) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column);

/** `secrets.allow_paths` of the repository's `.github/scorecard.yml`; [] when absent or invalid. */
async function allowedPaths(src: FactSource): Promise<string[]> {
  const f = await src.readFile(CONFIG_PATH);
  if (!f.ok || f.value === null) return [];
  try {
    const doc = parseYaml(f.value, { maxAliasCount: 100 }) as { secrets?: { allow_paths?: unknown } } | null;
    const globs = doc?.secrets?.allow_paths;
    return Array.isArray(globs) ? globs.filter((g): g is string => typeof g === "string") : [];
  } catch {
    return [];
  }
}

const status = (s: string | undefined): SecretScanningStatus["secretScanning"] =>
  s === "enabled" ? "enabled" : s === "disabled" ? "disabled" : "unknown";

/**
 * `security_and_analysis` as the repository payload carries it (the installation's repository list
 * shows it to apps with Administration: read; webhook payloads never do). Without it the status is
 * "unknown" and no request is spent: the secrets check reads scanning on/off from the alerts
 * answer (a list, or 404 when off), and push protection is then reported as not visible.
 */
export function collectSecretScanningStatus(src: FactSource): Promise<Fact<SecretScanningStatus>> {
  if (!src.api) return Promise.resolve(unavailable("a local checkout holds no GitHub secret scanning settings"));
  const sa = src.repo.securityAndAnalysis;
  return Promise.resolve(known({ secretScanning: status(sa?.secret_scanning?.status), pushProtection: status(sa?.secret_scanning_push_protection?.status) }));
}

interface AlertResponse {
  number: number;
  secret_type?: string;
  secret_type_display_name?: string;
  html_url?: string;
  first_location_detected?: { path?: string; start_line?: number } | null;
  // the alert also carries `secret`, the raw value: it is deliberately never read
}

/** Open alerts of GitHub secret scanning. 404: scanning off or not available. */
export async function collectSecretScanningAlerts(src: FactSource): Promise<Fact<SecretScanningAlert[]>> {
  if (!src.api) return unavailable("a local checkout holds no GitHub secret scanning alerts");
  // when the repository says scanning is off, GitHub would answer 404: spare the request
  const st = await collectSecretScanningStatus(src);
  if (st.ok && st.value.secretScanning === "disabled") return unavailable(SECRET_SCANNING_OFF);
  const off: AlertResponse[] = [];
  const r = await src.api.list<AlertResponse>(
    "GET /repos/{owner}/{repo}/secret-scanning/alerts",
    { state: "open" },
    { permission: "Secret scanning alerts: read", notFound: off },
  );
  if (!r.ok) return r;
  if (r.value === off) return unavailable(SECRET_SCANNING_OFF);
  return known(
    r.value.map((a) => ({
      number: a.number,
      secretType: a.secret_type_display_name ?? a.secret_type ?? "unknown",
      url: a.html_url ?? null,
      path: a.first_location_detected?.path ?? null,
      line: a.first_location_detected?.start_line ?? null,
    })),
  );
}
