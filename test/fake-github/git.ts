/** Git object ids and trees computed the way git does, so shas look and behave like GitHub's. */
import { createHash } from "node:crypto";

export function gitHash(type: "blob" | "tree" | "commit", body: Buffer | string): string {
  const buf = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return createHash("sha1").update(`${type} ${buf.length}\0`).update(buf).digest("hex");
}

export const blobSha = (content: string): string => gitHash("blob", content);

export interface TreeEntry {
  path: string;
  mode: "100644" | "040000";
  type: "blob" | "tree";
  sha: string;
  size?: number;
}

/**
 * Every entry of a commit's tree, directories included, sorted by path the way GitHub lists a
 * recursive tree; the root tree's sha is derived from its entries.
 */
export function treeEntries(files: Record<string, string>): { sha: string; entries: TreeEntry[] } {
  const dirs = new Set<string>();
  for (const p of Object.keys(files)) {
    const parts = p.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  const blobs: TreeEntry[] = Object.entries(files).map(([path, content]) => ({
    path,
    mode: "100644",
    type: "blob",
    sha: blobSha(content),
    size: Buffer.byteLength(content, "utf8"),
  }));
  const byDir = new Map<string, TreeEntry[]>();
  const childOf = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "");
  for (const b of blobs) push(byDir, childOf(b.path), b);
  // deepest directories first, so a parent's sha covers its children's
  const trees: TreeEntry[] = [];
  for (const d of [...dirs].sort((a, b) => b.split("/").length - a.split("/").length)) {
    const entry: TreeEntry = { path: d, mode: "040000", type: "tree", sha: dirSha(byDir.get(d) ?? []) };
    trees.push(entry);
    push(byDir, childOf(d), entry);
  }
  const entries = [...blobs, ...trees].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { sha: dirSha(byDir.get("") ?? []), entries };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function dirSha(children: TreeEntry[]): string {
  const body = children
    .map((c) => `${c.mode} ${c.path.slice(c.path.lastIndexOf("/") + 1)} ${c.sha}`)
    .sort()
    .join("\n");
  return gitHash("tree", body);
}

export function commitSha(files: Record<string, string>, parents: readonly string[], message: string): string {
  const tree = treeEntries(files).sha;
  return gitHash("commit", `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join("")}\n${message}`);
}

const LANGUAGE_BY_EXT: Record<string, string> = {
  ts: "TypeScript", js: "JavaScript", mjs: "JavaScript", py: "Python", go: "Go", rs: "Rust", java: "Java",
  kt: "Kotlin", rb: "Ruby", cs: "C#", c: "C", cpp: "C++", h: "C", swift: "Swift", php: "PHP", sh: "Shell",
};

/** GitHub-linguist-like bytes per language, from file extensions. */
export function languagesOf(files: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [path, content] of Object.entries(files)) {
    const lang = LANGUAGE_BY_EXT[path.slice(path.lastIndexOf(".") + 1).toLowerCase()];
    if (lang) out[lang] = (out[lang] ?? 0) + Buffer.byteLength(content, "utf8");
  }
  return out;
}
