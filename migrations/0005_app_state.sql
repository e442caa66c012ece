-- State the app keeps to resume sweeps and reuse the last valid config.

-- One sweep per installation at a time; `cursor` is the last repository full name scored,
-- so an interrupted sweep resumes after it.
CREATE TABLE sweeps (
  installation_id INTEGER PRIMARY KEY,
  started_at      TEXT NOT NULL,
  finished_at     TEXT,
  cursor          TEXT,
  trigger         TEXT NOT NULL
);

-- The last configuration that validated, per repository, used when a newer one is invalid.
CREATE TABLE repo_configs (
  full_name  TEXT PRIMARY KEY,
  config     TEXT NOT NULL,   -- JSON
  updated_at TEXT NOT NULL
);
