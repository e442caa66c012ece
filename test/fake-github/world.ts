/**
 * The world the fake GitHub serves: what a test author writes (World) and the mutable model the
 * routes read and write (Model). Settings are given in GitHub's own JSON shapes where GitHub has
 * one, so a collector tested against the fake reads what it would read from github.com.
 * The format is documented in README.md beside this file.
 */
import { commitSha } from "./git.js";

/** Answer an endpoint with an HTTP error instead of a value (a disabled feature, a refusal). */
export interface HttpAnswer {
  $status: number;
  message?: string;
}
export type OrAnswer<T> = T | HttpAnswer;

export function isAnswer(v: unknown): v is HttpAnswer {
  return typeof v === "object" && v !== null && "$status" in v;
}

export type Files = Record<string, string>;

/** One raw tar entry: a file ("0"), a symlink ("2", `linkname` is its target) or a directory ("5"). */
export interface TarEntry {
  name: string;
  type?: "0" | "2" | "5";
  content?: string;
  linkname?: string;
}

export interface WorldCommit {
  files: Files;
  parents?: string[];
  message?: string;
}

export interface WorldPullFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed";
  patch?: string;
  additions?: number;
  deletions?: number;
  previous_filename?: string;
}

export interface WorldPull {
  number: number;
  title?: string;
  state?: "open" | "closed";
  draft?: boolean;
  user?: string;
  /** branch name and either a commit sha of `commits` or the files of the head commit */
  head: { ref: string; sha?: string; files?: Files };
  base: { ref: string; sha?: string };
  /** when absent, derived from the base and head commits' files (one hunk per file) */
  files?: WorldPullFile[];
}

export interface WorldRepo {
  id: number;
  owner: string;
  name: string;
  private?: boolean;
  archived?: boolean;
  fork?: boolean;
  /** GitHub's one-line description (null when absent) */
  description?: string;
  default_branch?: string;
  pushed_at?: string;
  /** GitHub's `security_and_analysis` object as in GET /repos/{o}/{r} */
  security_and_analysis?: Record<string, { status: "enabled" | "disabled" }>;
  /** bytes per language; derived from file extensions when absent */
  languages?: Record<string, number>;
  /** branch → files of its head commit, or → a sha of `commits` */
  branches: Record<string, Files | string>;
  /** extra commits by sha (PR heads, old base commits) */
  commits?: Record<string, WorldCommit>;
  /** classic protection per branch, GET …/branches/{b}/protection JSON; absent = 404 "Branch not protected" */
  protection?: Record<string, OrAnswer<Record<string, unknown>>>;
  /** GET …/rules/branches/{b}: active rules per branch */
  rules?: Record<string, OrAnswer<Record<string, unknown>[]>>;
  /** full ruleset objects (GET …/rulesets/{id}); the list shows their summary */
  rulesets?: OrAnswer<Record<string, unknown>[]>;
  /** GET …/code-scanning/default-setup; absent = { state: "not-configured" } */
  codeScanningDefaultSetup?: OrAnswer<Record<string, unknown>>;
  /** GET …/code-scanning/analyses; absent or [] = 404 "no analysis found" */
  codeScanningAnalyses?: OrAnswer<Record<string, unknown>[]>;
  /** GET …/vulnerability-alerts: true → 204, false → 404 */
  vulnerabilityAlerts?: boolean;
  /** GET …/automated-security-fixes */
  automatedSecurityFixes?: OrAnswer<{ enabled: boolean; paused: boolean }>;
  /** GET …/dependabot/alerts; absent = 403 "Dependabot alerts are disabled" when vulnerabilityAlerts is false, else [] */
  dependabotAlerts?: OrAnswer<Record<string, unknown>[]>;
  /** GET …/secret-scanning/alerts; absent = 404 "Secret scanning is disabled on this repository." */
  secretScanningAlerts?: OrAnswer<Record<string, unknown>[]>;
  /** GET …/private-vulnerability-reporting */
  privateVulnerabilityReporting?: OrAnswer<boolean>;
  pulls?: WorldPull[];
  /** GET …/git/trees answers `truncated: true` (a tree too large for one response) */
  treeTruncated?: boolean;
  /** serve exactly these tarball entries for any ref (hostile archives: `../`, absolute paths, links) */
  tarball?: TarEntry[];
  issues?: { number: number; title: string; body?: string; state?: "open" | "closed"; labels?: string[] }[];
}

export interface WorldInstallation {
  id: number;
  account: { login: string; id?: number; type?: "Organization" | "User" };
  /** full names "owner/name" of the repositories the installation can see */
  repositories: string[];
  /** GitHub's installation permissions; absent = every permission the app asks for, at write */
  permissions?: Record<string, "read" | "write">;
}

export interface World {
  installations: WorldInstallation[];
  repositories: WorldRepo[];
}

// ---- the mutable model ----

export interface CheckRunRecord {
  id: number;
  head_sha: string;
  name: string;
  status: string;
  conclusion: string | null;
  output: Record<string, unknown> | null;
  /** every annotation sent with the create and every update, in order */
  annotations: Record<string, unknown>[];
  body: Record<string, unknown>;
}
export interface CommentRecord {
  id: number;
  issue_number: number;
  body: string;
  created_at: string;
  updated_at: string;
  user: { login: string; type: string };
}
export interface IssueRecord {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
}

export interface RepoModel {
  spec: WorldRepo;
  fullName: string;
  defaultBranch: string;
  /** branch name → head sha */
  branches: Map<string, string>;
  commits: Map<string, WorldCommit>;
  checkRuns: CheckRunRecord[];
  comments: CommentRecord[];
  issues: IssueRecord[];
}

export interface Model {
  installations: WorldInstallation[];
  repos: Map<string, RepoModel>;
  /** installation access token → installation id */
  tokens: Map<string, number>;
  nextId: () => number;
}

/** Build the mutable model from a world; the world object itself is never modified. */
export function buildModel(input: World): Model {
  const world = structuredClone(input);
  let counter = 1000;
  const model: Model = { installations: world.installations, repos: new Map(), tokens: new Map(), nextId: () => ++counter };
  for (const spec of world.repositories) {
    const fullName = `${spec.owner}/${spec.name}`;
    const commits = new Map<string, WorldCommit>(Object.entries(spec.commits ?? {}));
    const branches = new Map<string, string>();
    for (const [name, head] of Object.entries(spec.branches)) {
      branches.set(name, typeof head === "string" ? head : addCommit(commits, { files: head }));
    }
    for (const pr of spec.pulls ?? []) {
      pr.base.sha ??= branches.get(pr.base.ref);
      const parents = pr.base.sha ? [pr.base.sha] : [];
      if (!pr.head.sha) pr.head.sha = addCommit(commits, { files: pr.head.files ?? {}, parents, message: `PR #${pr.number}` });
      else if (pr.head.files) commits.set(pr.head.sha, { files: pr.head.files, parents });
      if (!branches.has(pr.head.ref)) branches.set(pr.head.ref, pr.head.sha);
    }
    const defaultBranch = spec.default_branch ?? "main";
    model.repos.set(fullName.toLowerCase(), {
      spec,
      fullName,
      defaultBranch,
      branches,
      commits,
      checkRuns: [],
      comments: [],
      issues: (spec.issues ?? []).map((i) => ({ number: i.number, title: i.title, body: i.body ?? "", state: i.state ?? "open", labels: i.labels ?? [] })),
    });
  }
  return model;
}

export function addCommit(commits: Map<string, WorldCommit>, c: WorldCommit): string {
  const sha = commitSha(c.files, c.parents ?? [], c.message ?? "");
  commits.set(sha, c);
  return sha;
}

/** Resolve a ref (branch, full sha, sha prefix of ≥ 7, "HEAD", "heads/x", "refs/heads/x") to a sha. */
/** The commit a ref names and the files of its tree, or null when the repository has no such ref. */
export function filesAt(repo: RepoModel, ref: string | undefined): { sha: string; files: Files } | null {
  const sha = resolveRef(repo, ref);
  const files = sha ? repo.commits.get(sha)?.files : undefined;
  return sha && files ? { sha, files } : null;
}

export function resolveRef(repo: RepoModel, ref: string | undefined): string | null {
  const r = (ref ?? repo.defaultBranch).replace(/^refs\//, "").replace(/^heads\//, "");
  if (r === "HEAD") return repo.branches.get(repo.defaultBranch) ?? null;
  const branch = repo.branches.get(r);
  if (branch) return branch;
  if (repo.commits.has(r)) return r;
  if (/^[0-9a-f]{7,40}$/.test(r)) {
    for (const sha of repo.commits.keys()) if (sha.startsWith(r)) return sha;
  }
  return null;
}
