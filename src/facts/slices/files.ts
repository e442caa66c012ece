import { known, type Fact } from "../fact.js";
import type { FactSource } from "../source.js";
import type { TextFile } from "../types.js";

export async function collectTree(src: FactSource): Promise<Fact<string[]>> {
  return src.listFiles();
}

/** Paths in `tree` matching `re`, case-sensitively, in tree order. */
export function pathsMatching(tree: readonly string[], re: RegExp): string[] {
  return tree.filter((p) => re.test(p));
}

/** Read every path; the first unavailable read makes the whole slice unavailable. */
export async function readAll(src: FactSource, paths: readonly string[]): Promise<Fact<TextFile[]>> {
  const out: TextFile[] = [];
  const reads = await Promise.all(paths.map(async (path) => ({ path, f: await src.readFile(path) })));
  for (const { path, f } of reads) {
    if (!f.ok) return f;
    if (f.value !== null) out.push({ path, content: f.value });
  }
  return known(out);
}
