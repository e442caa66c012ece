import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";

export interface SnapshotFile {
  size: number;
  /** null when not kept: binary, over the per-file cap, or over the snapshot's total budget */
  content: Buffer | null;
  /** why the content was not kept */
  skipped: string | null;
}

export interface Snapshot {
  /** full commit sha from the archive's pax header (git archive writes it), when present */
  commit: string | null;
  files: Map<string, SnapshotFile>;
  /** entries refused: symlinks, paths escaping the root */
  refused: { path: string; reason: string }[];
}

export interface SnapshotLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_LIMITS: SnapshotLimits = { maxFileBytes: 1024 * 1024, maxTotalBytes: 64 * 1024 * 1024 };

/**
 * Read a repository tarball (gzip + tar, as GitHub's `tarball` endpoint serves it) into memory,
 * streaming: nothing is written to disk, symlinks are never followed, and paths with `..` or a
 * leading `/` are refused. GitHub prefixes every entry with one `owner-repo-sha/` directory.
 */
export async function readSnapshot(input: Readable | ReadableStream<Uint8Array>, limits: SnapshotLimits = DEFAULT_LIMITS): Promise<Snapshot> {
  const source = input instanceof Readable ? input : Readable.fromWeb(input as import("node:stream/web").ReadableStream<Uint8Array>);
  const snapshot: Snapshot = { commit: null, files: new Map(), refused: [] };
  let kept = 0;
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const want = header.type === "file";
    snapshot.commit ??= paxGlobalCommit(extract);
    // a broken archive errors the entry too; the pipeline below reports it once
    stream.on("error", () => undefined);
    stream.on("data", (c: unknown) => {
      if (!Buffer.isBuffer(c)) return;
      size += c.length;
      if (want && size <= limits.maxFileBytes) chunks.push(c);
    });
    stream.on("end", () => {
      const path = stripRoot(header.name);
      if (path === null) {
        if (header.type !== "directory") snapshot.refused.push({ path: header.name, reason: "path escapes the repository root" });
      } else if (header.type === "symlink" || header.type === "link") {
        snapshot.refused.push({ path, reason: "link: not followed" });
      } else if (header.type === "file") {
        snapshot.files.set(path, keep(Buffer.concat(chunks), size));
      }
      next();
    });
    stream.resume();
  });

  function keep(buf: Buffer, size: number): SnapshotFile {
    if (size > limits.maxFileBytes) return { size, content: null, skipped: `over the ${limits.maxFileBytes}-byte file limit` };
    if (buf.subarray(0, 8000).includes(0)) return { size, content: null, skipped: "binary file" };
    if (kept + size > limits.maxTotalBytes) return { size, content: null, skipped: `over the ${limits.maxTotalBytes}-byte snapshot budget` };
    kept += size;
    return { size, content: buf, skipped: null };
  }

  await pipeline(source, createGunzip(), extract);
  return snapshot;
}

/** "owner-repo-sha/dir/file" → "dir/file"; null for the root itself or an unsafe path. */
export function stripRoot(name: string): string | null {
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (name.startsWith("/") || parts.includes("..")) return null;
  if (parts.length < 2) return null;
  return parts.slice(1).join("/");
}

/**
 * git archive stores the commit id as the `comment` of the global pax header. tar-stream decodes
 * that header but keeps it internal (`_paxGlobal`); we read it there, and the caller falls back to
 * an API call for the commit when it is absent.
 */
function paxGlobalCommit(extract: object): string | null {
  const pax = (extract as { _paxGlobal?: Record<string, string> | null })._paxGlobal;
  const c = pax?.comment;
  return typeof c === "string" && /^[0-9a-f]{40}$/.test(c) ? c : null;
}
