/**
 * Remember an async answer per key for `ttlMs` (organization-level reads shared by every
 * repository of a sweep). A failed answer is forgotten, so the next caller asks again.
 */
export class TtlMemo<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly failed: (v: V) => boolean = () => false,
  ) {}

  get(key: string, read: () => Promise<V>): Promise<V> {
    const k = key.toLowerCase();
    const hit = this.entries.get(k);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = read();
    this.entries.set(k, { at: Date.now(), value });
    void value.then(
      (v) => this.failed(v) && this.entries.get(k)?.value === value && this.entries.delete(k),
      () => this.entries.get(k)?.value === value && this.entries.delete(k),
    );
    return value;
  }

  forget(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key.toLowerCase());
  }
}
