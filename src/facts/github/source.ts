import { known, unavailable, type Fact } from "../fact.js";
import { MAX_TEXT_FILE_BYTES, type FactSource } from "../source.js";
import type { PrefetchedBranchRules, RepoRef } from "../types.js";
import { GitHubApiReader, mapError } from "./api-reader.js";
import type { GitHubClient } from "./octokit.js";
import { readSnapshot, type Snapshot } from "./tarball.js";

/** Minimal repository payload shape shared by webhooks and GET /repos. */
export interface RepoPayload {
  id?: number;
  name: string;
  full_name?: string;
  owner: { login: string };
  default_branch?: string;
  private?: boolean;
  archived?: boolean;
  html_url?: string;
  description?: string | null;
  pushed_at?: string | number | null;
  security_and_analysis?: Record<string, { status?: string } | null | undefined> | null;
}

/** "owner/name" of a repository payload (the list and some events leave full_name out). */
export const fullNameOf = (r: RepoPayload): string => r.full_name ?? `${r.owner.login}/${r.name}`;

export function repoRefFromPayload(r: RepoPayload, commit: string | null = null): RepoRef {
  return {
    owner: r.owner.login,
    name: r.name,
    fullName: fullNameOf(r),
    defaultBranch: r.default_branch ?? "main",
    commit,
    private: r.private ?? false,
    archived: r.archived ?? false,
    htmlUrl: r.html_url ?? null,
    ...(r.description !== undefined ? { description: typeof r.description === "string" ? r.description : null } : {}),
    ...(r.id !== undefined ? { id: r.id } : {}),
    pushedAt: typeof r.pushed_at === "number" ? new Date(r.pushed_at * 1000).toISOString() : (r.pushed_at ?? null),
    ...(r.security_and_analysis ? { securityAndAnalysis: r.security_and_analysis } : {}),
  };
}

interface TreeResponse {
  sha: string;
  truncated: boolean;
  tree: { path: string; type: string; size?: number }[];
}

/** What a caller knows ahead: the commits a push brought, the branch rules a sweep read in a batch. */
export interface OpenExtras {
  pushed?: readonly string[];
  branchRules?: PrefetchedBranchRules | null;
}

/**
 * Facts about one repository read through an installation's Octokit at one commit.
 * Files come from one tarball request (streamed, kept in memory within limits, never written to
 * disk); when the tarball cannot be had, from the git tree and contents APIs, file by file.
 */
export class GitHubSource implements FactSource {
  readonly kind = "github" as const;
  readonly api: GitHubApiReader;
  /** with the tarball in memory a read is free; through the contents API it is one request */
  readonly readsCostRequests: boolean;
  readonly pushed?: readonly string[];
  readonly prefetchedBranchRules?: PrefetchedBranchRules;
  private tree?: Promise<Fact<TreeResponse>>;

  constructor(
    private readonly octokit: GitHubClient,
    readonly repo: RepoRef,
    readonly fingerprintKey?: Buffer,
    private readonly snapshot: Snapshot | null = null,
    extra: OpenExtras = {},
  ) {
    if (extra.pushed) this.pushed = extra.pushed;
    if (extra.branchRules) this.prefetchedBranchRules = extra.branchRules;
    this.api = new GitHubApiReader(octokit, repo.owner, repo.name);
    this.readsCostRequests = snapshot === null;
  }

  /**
   * Open the repository at `commit`, or at its default branch's head when the caller does not know
   * the commit (the tarball's header names it; else one API call resolves it).
   */
  static async open(octokit: GitHubClient, payload: RepoPayload, commit?: string | null, fingerprintKey?: Buffer, extra: OpenExtras = {}): Promise<GitHubSource> {
    let ref = repoRefFromPayload(payload, commit ?? null);
    const snapshot = await fetchSnapshot(octokit, ref.owner, ref.name, ref.commit ?? ref.defaultBranch);
    if (!ref.commit && snapshot?.commit) ref = { ...ref, commit: snapshot.commit };
    if (!ref.commit) {
      try {
        const res = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", {
          owner: ref.owner,
          repo: ref.name,
          ref: ref.defaultBranch,
          headers: { accept: "application/vnd.github.sha" },
        });
        ref = { ...ref, commit: String(res.data).trim() };
      } catch {
        // empty repository or no access: facts will say so one by one
      }
    }
    return new GitHubSource(octokit, ref, fingerprintKey, snapshot, extra);
  }

  private loadTree(): Promise<Fact<TreeResponse>> {
    this.tree ??= this.api.get<TreeResponse>(
      "GET /repos/{owner}/{repo}/git/trees/{tree_sha}",
      { tree_sha: this.repo.commit ?? this.repo.defaultBranch, recursive: 1 },
      { permission: "Contents: read" },
    );
    return this.tree;
  }

  async listFiles(): Promise<Fact<string[]>> {
    if (this.snapshot) return known([...this.snapshot.files.keys()].sort());
    const t = await this.loadTree();
    if (!t.ok) return t;
    if (t.value.truncated) return unavailable("the repository tree is too large for GitHub to list in one response");
    return known(t.value.tree.filter((e) => e.type === "blob").map((e) => e.path));
  }

  async readFile(path: string): Promise<Fact<string | null>> {
    if (this.snapshot) {
      const f = this.snapshot.files.get(path);
      if (!f) return known(null);
      if (f.content) return known(f.content.toString("utf8"));
      // kept out only for the snapshot's memory budget: worth one request
      if (f.skipped?.includes("budget") && f.size <= MAX_TEXT_FILE_BYTES) return this.readFileAt(path, this.repo.commit ?? this.repo.defaultBranch);
      return unavailable(`${path} (${f.size} bytes) not read: ${f.skipped}`);
    }
    const t = await this.loadTree();
    if (t.ok) {
      const entry = t.value.tree.find((e) => e.path === path && e.type === "blob");
      if (!entry) return known(null);
      if ((entry.size ?? 0) > MAX_TEXT_FILE_BYTES) return unavailable(`${path} is ${entry.size} bytes, over the ${MAX_TEXT_FILE_BYTES}-byte limit`);
    }
    return this.readFileAt(path, this.repo.commit ?? this.repo.defaultBranch);
  }

  /** Read a file at any ref of this repository (a PR's head commit, for instance); null when absent. */
  async readFileAt(path: string, ref: string): Promise<Fact<string | null>> {
    try {
      const res = await this.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
        owner: this.repo.owner,
        repo: this.repo.name,
        path,
        ref,
        headers: { accept: "application/vnd.github.raw+json" },
      });
      const text = typeof res.data === "string" ? res.data : Buffer.from(res.data as unknown as ArrayBuffer).toString("utf8");
      if (text.length > MAX_TEXT_FILE_BYTES) return unavailable(`${path} is over the ${MAX_TEXT_FILE_BYTES}-byte limit`);
      return known(text);
    } catch (err) {
      return mapError(err, `GET contents/${path}`, { notFound: null, permission: "Contents: read" });
    }
  }
}

/** One request for every file of the commit; null when GitHub will not give the archive. */
async function fetchSnapshot(octokit: GitHubClient, owner: string, repo: string, ref: string): Promise<Snapshot | null> {
  try {
    const res = await octokit.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
      owner,
      repo,
      ref,
      request: { parseSuccessResponseBody: false },
    });
    return await readSnapshot(res.data as unknown as ReadableStream<Uint8Array>);
  } catch {
    return null;
  }
}
