-- scorecard-bot initial schema. Never edit once landed: add a new migration instead.

CREATE TABLE installations (
  id            INTEGER PRIMARY KEY,          -- GitHub installation id
  account_login TEXT    NOT NULL,
  account_type  TEXT    NOT NULL DEFAULT 'Organization',
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT    NOT NULL,
  updated_at    TEXT    NOT NULL
);

CREATE TABLE repositories (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  github_id       INTEGER UNIQUE,               -- null for a local checkout
  installation_id INTEGER REFERENCES installations(id),
  full_name       TEXT    NOT NULL UNIQUE,
  owner           TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  private         INTEGER NOT NULL DEFAULT 0,
  archived        INTEGER NOT NULL DEFAULT 0,
  deleted         INTEGER NOT NULL DEFAULT 0,
  default_branch  TEXT,
  html_url        TEXT,
  updated_at      TEXT    NOT NULL
);
CREATE INDEX repositories_owner ON repositories(owner);

-- One row per repository per scoring run: append-only history.
CREATE TABLE scans (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  repository_id INTEGER NOT NULL REFERENCES repositories(id),
  commit_sha    TEXT,
  trigger       TEXT    NOT NULL,               -- install | push | pull_request | schedule | manual | event
  source        TEXT    NOT NULL,               -- github | localdir
  scored_at     TEXT    NOT NULL,               -- ISO 8601 UTC
  total         REAL,                           -- null when no check had a score
  excluded      TEXT    NOT NULL DEFAULT '[]'   -- JSON array of check ids left out of the total
);
CREATE INDEX scans_repo_time ON scans(repository_id, scored_at DESC);
CREATE INDEX scans_repo_commit ON scans(repository_id, commit_sha);

CREATE TABLE check_results (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  scan_id  INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  check_id TEXT    NOT NULL,
  score    REAL,
  outcome  TEXT    NOT NULL,
  reason   TEXT    NOT NULL
);
CREATE INDEX check_results_scan ON check_results(scan_id);

-- A secret is never stored: `fingerprint` is a keyed hash and `message` holds only a masked preview.
CREATE TABLE findings (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  check_result_id INTEGER NOT NULL REFERENCES check_results(id) ON DELETE CASCADE,
  finding_id      TEXT    NOT NULL,
  outcome         TEXT    NOT NULL,
  message         TEXT    NOT NULL,
  path            TEXT,
  line            INTEGER,
  col             INTEGER,
  remediation     TEXT,
  fingerprint     TEXT
);
CREATE INDEX findings_check_result ON findings(check_result_id);
CREATE INDEX findings_fingerprint ON findings(fingerprint) WHERE fingerprint IS NOT NULL;
