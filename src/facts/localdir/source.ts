import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { known, unavailable, type Fact } from "../fact.js";
import { limiter } from "../limit.js";
import { MAX_TEXT_FILE_BYTES, type FactSource } from "../source.js";
import type { RepoRef } from "../types.js";

const run = promisify(execFile);
const SKIP_DIRS = new Set([".git", "node_modules"]);

export class LocalDirSource implements FactSource {
  readonly kind = "localdir" as const;
  readonly api = undefined;
  readonly readsCostRequests = false;
  private files?: Promise<Fact<string[]>>;

  private constructor(
    readonly root: string,
    readonly repo: RepoRef,
    private readonly isGit: boolean,
    readonly fingerprintKey?: Buffer,
  ) {}

  /** Open a directory; throws a clear error when it is not a readable directory. */
  static async open(dir: string, opts: { fingerprintKey?: Buffer } = {}): Promise<LocalDirSource> {
    const root = path.resolve(dir);
    let st;
    try {
      st = await fs.stat(root);
    } catch {
      throw new Error(`cannot read ${dir}: no such directory`);
    }
    if (!st.isDirectory()) throw new Error(`cannot read ${dir}: not a directory`);
    await fs.access(root, fs.constants?.R_OK ?? 4).catch(() => {
      throw new Error(`cannot read ${dir}: permission denied`);
    });
    const git = await gitInfo(root);
    const [owner, name] = git.slug ?? ["local", path.basename(root)];
    return new LocalDirSource(
      root,
      {
        owner: owner!,
        name: name!,
        fullName: `${owner}/${name}`,
        defaultBranch: git.branch ?? "HEAD",
        commit: git.commit,
        private: false,
        archived: false,
        htmlUrl: git.slug ? `https://github.com/${owner}/${name}` : null,
      },
      git.commit !== null,
      opts.fingerprintKey,
    );
  }

  listFiles(): Promise<Fact<string[]>> {
    this.files ??= this.isGit ? this.gitFiles() : this.walk();
    return this.files;
  }

  /** every read of this checkout goes through one limiter: open files stay bounded */
  private readonly io = limiter(64);

  readFile(rel: string): Promise<Fact<string | null>> {
    return this.io(() => this.read(rel));
  }

  private async read(rel: string): Promise<Fact<string | null>> {
    const abs = this.resolveInside(rel);
    if (abs === null) return unavailable(`refused to read ${rel}: outside the directory`);
    let st;
    try {
      st = await fs.lstat(abs);
    } catch {
      return known(null);
    }
    if (!st.isFile()) return known(null);
    if (st.size > MAX_TEXT_FILE_BYTES) return unavailable(`${rel} is ${st.size} bytes, over the ${MAX_TEXT_FILE_BYTES}-byte limit`);
    return known(await fs.readFile(abs, "utf8"));
  }

  /** Absolute path for `rel` if it stays inside the root, else null (no `..`, no absolute). */
  resolveInside(rel: string): string | null {
    const abs = path.resolve(this.root, rel);
    return abs === this.root || abs.startsWith(this.root + path.sep) ? abs : null;
  }

  private async gitFiles(): Promise<Fact<string[]>> {
    try {
      const { stdout } = await run("git", ["-C", this.root, "ls-files", "-z", "--cached"], { maxBuffer: 256 * 1024 * 1024 });
      return known(stdout.split("\0").filter((p) => p.length > 0));
    } catch {
      return this.walk();
    }
  }

  private async walk(): Promise<Fact<string[]>> {
    const out: string[] = [];
    const visit = async (dir: string, prefix: string): Promise<void> => {
      const entries = await fs.readdir(dir, { withFileTypes: true });
      for (const e of entries) {
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) await visit(path.join(dir, e.name), `${prefix}${e.name}/`);
        } else if (e.isFile()) {
          out.push(`${prefix}${e.name}`);
        }
      }
    };
    await visit(this.root, "");
    out.sort();
    return known(out);
  }
}

interface GitInfo {
  commit: string | null;
  branch: string | null;
  slug: [string, string] | null;
}

async function gitInfo(root: string): Promise<GitInfo> {
  const git = async (...args: string[]): Promise<string | null> => {
    try {
      return (await run("git", ["-C", root, ...args])).stdout.trim() || null;
    } catch {
      return null;
    }
  };
  const top = await git("rev-parse", "--show-toplevel");
  if (top === null || path.resolve(top) !== root) return { commit: null, branch: null, slug: null };
  const [commit, branch, remote] = await Promise.all([
    git("rev-parse", "HEAD"),
    git("rev-parse", "--abbrev-ref", "HEAD"),
    git("remote", "get-url", "origin"),
  ]);
  return { commit, branch, slug: remote ? slugFromRemote(remote) : null };
}

/** "git@github.com:o/r.git" or "https://github.com/o/r" → ["o", "r"]. */
export function slugFromRemote(url: string): [string, string] | null {
  const m = /[/:]([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url);
  return m ? [m[1]!, m[2]!] : null;
}
