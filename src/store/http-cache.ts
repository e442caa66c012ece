import type { Store } from "./store.js";

export interface CachedAnswer {
  etag: string;
  data: unknown;
}

/** ETags and bodies of cacheable GitHub answers (see migrations/0009_http_cache.sql). */
export class HttpCache {
  constructor(
    private readonly store: Store,
    /** bodies larger than this are not kept */
    readonly maxBodyBytes = 512 * 1024,
  ) {}

  get(key: string): CachedAnswer | null {
    const row = this.store.db.prepare("SELECT etag, body FROM http_cache WHERE key = ?").get(key) as { etag: string; body: string } | undefined;
    return row ? { etag: row.etag, data: JSON.parse(row.body) } : null;
  }

  put(key: string, etag: string, data: unknown): void {
    const body = JSON.stringify(data ?? null);
    if (body.length > this.maxBodyBytes) return;
    this.store.db
      .prepare(
        `INSERT INTO http_cache (key, etag, body, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, body = excluded.body, updated_at = excluded.updated_at`,
      )
      .run(key, etag, body, new Date().toISOString());
  }
}
