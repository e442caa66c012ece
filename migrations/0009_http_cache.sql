-- Conditional requests: the ETag and body of GitHub API answers about settings (never file
-- contents, never secret-scanning alerts), so an unchanged answer costs a 304, which GitHub does
-- not count against the rate limit.
CREATE TABLE http_cache (
  key        TEXT PRIMARY KEY,   -- token-independent: method, URL with query, accept
  etag       TEXT NOT NULL,
  body       TEXT NOT NULL,      -- JSON of the response data
  updated_at TEXT NOT NULL
);
