import { known, type Fact } from "./fact.js";
import type { FactSource } from "./source.js";
import type { RepoRef } from "./types.js";

export interface ChangedFile {
  path: string;
  /** previous path of a rename */
  previousPath: string | null;
  removed: boolean;
}

/**
 * The repository as a pull request would leave it: the base commit's files with the PR's changed
 * files laid over them. Only the files the PR touches are read at the head; everything else (and
 * every API fact, which belongs to the repository, not to a commit) comes from the base source.
 */
export class OverlaySource implements FactSource {
  readonly kind: "github" | "localdir";
  readonly repo: RepoRef;
  readonly api: FactSource["api"];
  readonly fingerprintKey: Buffer | undefined;
  readonly readsCostRequests: boolean;
  private readonly changed = new Map<string, ChangedFile>();
  private readonly renamedAway = new Set<string>();

  constructor(
    private readonly base: FactSource,
    headCommit: string,
    changed: readonly ChangedFile[],
    private readonly readHead: (path: string) => Promise<Fact<string | null>>,
  ) {
    this.kind = base.kind;
    this.repo = { ...base.repo, commit: headCommit };
    this.api = base.api;
    // the base's key: the same secret must have the same fingerprint on both sides of the PR
    this.fingerprintKey = base.fingerprintKey;
    this.readsCostRequests = base.readsCostRequests ?? false;
    for (const c of changed) {
      this.changed.set(c.path, c);
      if (c.previousPath && c.previousPath !== c.path) this.renamedAway.add(c.previousPath);
    }
  }

  async listFiles(): Promise<Fact<string[]>> {
    const base = await this.base.listFiles();
    if (!base.ok) return base;
    const out = new Set(base.value.filter((p) => !this.renamedAway.has(p)));
    for (const c of this.changed.values()) {
      if (c.removed) out.delete(c.path);
      else out.add(c.path);
    }
    return known([...out].sort());
  }

  async readFile(path: string): Promise<Fact<string | null>> {
    const c = this.changed.get(path);
    if (c) return c.removed ? known(null) : this.readHead(path);
    if (this.renamedAway.has(path)) return known(null);
    return this.base.readFile(path);
  }

  origin(path: string): FactSource {
    return this.changed.has(path) || this.renamedAway.has(path) ? this : (this.base.origin?.(path) ?? this.base);
  }

  /** Paths the PR adds or modifies (not removed). */
  touchedPaths(): string[] {
    return [...this.changed.values()].filter((c) => !c.removed).map((c) => c.path);
  }
}
