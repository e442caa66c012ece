import { known, unavailable, type Fact } from "../fact.js";
import type { FactSource } from "../source.js";
import { TtlMemo } from "../ttl-memo.js";
import type { SecurityPolicyFile } from "../types.js";

/** GitHub looks for SECURITY.md in the root, .github/ and docs/, in that order. */
const DIRS = ["", ".github/", "docs/"] as const;
const NAME = /^security\.(md|markdown|rst|adoc|txt)$/i;
const EXT_RANK = ["md", "markdown", "rst", "adoc", "txt"];

/** Pick the policy file among `tree` paths, GitHub's order of directories first. */
export function findPolicyPath(tree: readonly string[]): string | null {
  for (const dir of DIRS) {
    const candidates = tree.filter((p) => {
      if (!p.toLowerCase().startsWith(dir)) return false;
      const rest = p.slice(dir.length);
      return !rest.includes("/") && NAME.test(rest);
    });
    candidates.sort((a, b) => rank(a) - rank(b));
    if (candidates[0]) return candidates[0];
  }
  return null;
}

function rank(p: string): number {
  const ext = p.slice(p.lastIndexOf(".") + 1).toLowerCase();
  const i = EXT_RANK.indexOf(ext);
  return i < 0 ? EXT_RANK.length : i;
}

export async function collectSecurityPolicy(src: FactSource): Promise<Fact<SecurityPolicyFile | null>> {
  const tree = await src.listFiles();
  if (!tree.ok) return tree;
  const path = findPolicyPath(tree.value);
  if (path) {
    const content = await src.readFile(path);
    if (!content.ok) return content;
    if (content.value !== null) {
      return known({ path, content: content.value, origin: "repository", repository: src.repo.fullName });
    }
  }
  // GitHub's community health fallback: the owner's `.github` repository.
  if (!src.api) return known(null);
  if (src.repo.name === ".github") return known(null);
  const api = src.api;
  return orgPolicy(src.repo.owner, () => readOrgPolicy(api, src.repo.owner));
}

/**
 * The org-level policy is the same for every repository of the owner: asked once per owner and
 * kept for a few minutes, so a sweep of many repositories without their own pays for it once.
 */
const orgPolicies = new TtlMemo<Fact<SecurityPolicyFile | null>>(5 * 60_000, (f) => !f.ok);

function orgPolicy(owner: string, read: () => Promise<Fact<SecurityPolicyFile | null>>): Promise<Fact<SecurityPolicyFile | null>> {
  return orgPolicies.get(owner, read);
}

/** Tests and a push to `<owner>/.github` forget what was read. */
export function forgetOrgPolicy(owner?: string): void {
  orgPolicies.forget(owner);
}

async function readOrgPolicy(api: NonNullable<FactSource["api"]>, owner: string): Promise<Fact<SecurityPolicyFile | null>> {
  const orgTree = await api.get<{ tree: { path: string; type: string }[] }>(
    "GET /repos/{org}/.github/git/trees/HEAD",
    { org: owner, recursive: 1 },
    { notFound: { tree: [] } },
  );
  if (!orgTree.ok) {
    return unavailable(`no security policy in the repository, and the organization's .github repository could not be read: ${orgTree.reason}`, orgTree.permission);
  }
  const orgPath = findPolicyPath(orgTree.value.tree.filter((e) => e.type === "blob").map((e) => e.path));
  if (!orgPath) return known(null);
  const orgFile = await api.readRemoteFile(owner, ".github", orgPath);
  if (!orgFile.ok) return orgFile;
  if (orgFile.value === null) return known(null);
  return known({ path: orgPath, content: orgFile.value, origin: "organization", repository: `${owner}/.github` });
}

export async function collectPrivateVulnerabilityReporting(src: FactSource): Promise<Fact<boolean>> {
  if (!src.api) return unavailable("a local checkout does not say whether private vulnerability reporting is enabled");
  // GitHub offers it on public repositories only: asking would spend a request on a "no" nobody can change
  if (src.repo.private) return unavailable("GitHub offers private vulnerability reporting on public repositories only");
  const r = await src.api.get<{ enabled: boolean }>("GET /repos/{owner}/{repo}/private-vulnerability-reporting", {}, {
    permission: "Administration: read",
  });
  return r.ok ? known(r.value.enabled) : r;
}
