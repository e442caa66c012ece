import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

type Key = string | number;

/**
 * Source lines of the parsed document, found by path through anchors, aliases and merge keys
 * (`<<: *base`), so a step pulled in from an anchor still gets a line.
 */
export class Lines {
  constructor(
    private readonly doc: Document,
    private readonly counter: LineCounter,
  ) {}

  /** Nodes already found, by path: every step's lookup would otherwise walk from the root. */
  private readonly memo = new Map<string, { value: unknown; at: unknown } | null>();

  /** 1-based line of the key (for a mapping entry) or item (for a list entry) at `path`. */
  of(path: readonly Key[]): number | null {
    const found = this.find(path);
    return found ? this.line(found.at) : null;
  }

  private find(path: readonly Key[]): { value: unknown; at: unknown } | null {
    if (path.length === 0) return { value: this.doc.contents, at: this.doc.contents };
    const key = JSON.stringify(path);
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached;
    const parent = this.find(path.slice(0, -1));
    const found = parent ? this.child(parent.value, path[path.length - 1]!, 0) : null;
    this.memo.set(key, found);
    return found;
  }

  private child(parent: unknown, key: Key, depth: number): { value: unknown; at: unknown } | null {
    const node = this.deref(parent);
    if (depth > 20) return null;
    if (typeof key === "number") {
      if (!isSeq(node)) return null;
      const item = node.items[key];
      return item === undefined ? null : { value: item, at: item };
    }
    if (!isMap(node)) return null;
    for (const pair of node.items) {
      if (isScalar(pair.key) && String(pair.key.value) === key) return { value: pair.value, at: pair.key };
    }
    for (const pair of node.items) {
      if (!isMergeKey(pair.key)) continue;
      const sources = this.deref(pair.value);
      for (const src of isSeq(sources) ? sources.items : [sources]) {
        const found = this.child(src, key, depth + 1);
        if (found) return found;
      }
    }
    return null;
  }

  private deref(node: unknown): unknown {
    let n = node;
    for (let i = 0; i < 20 && isAlias(n); i++) n = n.resolve(this.doc);
    return n;
  }

  private line(node: unknown): number | null {
    const range = (node as Node | null)?.range;
    return range ? this.counter.linePos(range[0]).line : null;
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === "<<" || typeof key.value === "symbol");
}
