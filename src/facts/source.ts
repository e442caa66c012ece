import type { Fact } from "./fact.js";
import type { PrefetchedBranchRules, RepoRef } from "./types.js";

/** Result of one GitHub API read, already mapped: HTTP errors become unavailable facts. */
export interface ApiReader {
  /**
   * GET a route of the repository (`{owner}` and `{repo}` are filled in).
   * 404 → `notFound` (a value the caller chooses, e.g. null or false) when given,
   * 403 → unavailable naming `permission`; other errors → unavailable with the status.
   */
  get<T>(
    route: string,
    params?: Record<string, string | number>,
    opts?: { permission?: string; notFound?: T; accept?: string },
  ): Promise<Fact<T>>;
  /**
   * Like get (an identical list is sent once per scan), but follows pagination and returns all items. `off`: a refusal whose GitHub message
   * matches `when` says the feature is switched off (e.g. 403 "Dependabot alerts are disabled"),
   * not that a permission is missing: it becomes `value`.
   */
  list<T>(
    route: string,
    params?: Record<string, string | number>,
    opts?: { permission?: string; notFound?: T[]; max?: number; off?: { when: RegExp; value: T[] } },
  ): Promise<Fact<T[]>>;
  /** Read a file of another repository (org `.github`, reusable workflows); null if absent. */
  readRemoteFile(owner: string, repo: string, path: string, ref?: string): Promise<Fact<string | null>>;
}

/**
 * The narrow I/O boundary facts are collected through. Two implementations:
 * GitHub (an installation's Octokit) and a local directory.
 */
export interface FactSource {
  readonly kind: "github" | "localdir";
  readonly repo: RepoRef;
  /** Every file path at the scanned commit (posix, relative). */
  listFiles(): Promise<Fact<string[]>>;
  /** Read a text file at the scanned commit; null when absent. Large files are refused with a reason. */
  readFile(path: string): Promise<Fact<string | null>>;
  /** The GitHub API for this repository; undefined for a local directory. */
  readonly api?: ApiReader;
  /** Key of the secret scanner's fingerprints (per installation); absent = the local key. */
  readonly fingerprintKey?: Buffer;
  /** Whether each readFile may cost a GitHub request (the tree-and-contents fallback); absent = a memory or disk read. */
  readonly readsCostRequests?: boolean;
  /**
   * The commits a push brought to the scanned branch, oldest first (GitHub only, on a push): their
   * added lines are scanned too, since a secret removed again before the push ended is still in
   * the history.
   */
  readonly pushed?: readonly string[];
  /** The default branch's rules and their rulesets when a sweep read them ahead (GitHub only). */
  readonly prefetchedBranchRules?: PrefetchedBranchRules;
  /**
   * The source a file's content really comes from: a pull request's overlay answers the base for
   * a file the PR does not touch, so what is derived from that file (a secrets scan) is done once.
   */
  origin?(path: string): FactSource;
}

/** Largest file the collectors read into memory (the secrets scanner streams its own way). */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;
