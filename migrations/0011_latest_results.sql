-- What the dashboard reads of each repository's latest results, kept ready: its check results and
-- a summary of its problems as JSON, for the scan holding those results. A scan's results never
-- change once stored, so a row is right as long as it names the holder of the repository's latest
-- scan; a reader uses it only then (and computes the same from the tables otherwise), so the cache
-- can only be missing or stale, never wrong. Store.saveScan keeps it current.
-- `shape` is the version of the JSON layout the writing code used (history.ts LATEST_SHAPE).
-- Never edit once landed: add a new migration instead.
CREATE TABLE latest_results (
  repository_id INTEGER PRIMARY KEY REFERENCES repositories(id) ON DELETE CASCADE,
  holder_id     INTEGER NOT NULL,
  shape         INTEGER NOT NULL,
  checks        TEXT    NOT NULL,
  summary       TEXT    NOT NULL
);
