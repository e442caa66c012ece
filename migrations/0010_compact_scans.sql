-- Scans in a compact form. A year of daily scans of 10,000 repositories is 3.65 million rows, and
-- they held most of the store (bench/dashboard: 1.2 GB). Each row now keeps its time as integer
-- milliseconds (not 24 characters of ISO text), a hex commit as its 20 (or 32) bytes, trigger and
-- source as small codes, and no '[]' for an empty exclusion list. The (repository, commit) index
-- is gone: a PR looks its base up among one repository's scans through scan_log_repo_time.
-- The view `scans` shows the rows with the columns and text values they had, for reading only.
-- Migrations run with foreign keys off and are checked before commit (migrate.ts), so the tables
-- rebuilt here do not cascade deletes into their children when the old ones are dropped.
-- Never edit once landed: add a new migration instead.

-- Codes of `trigger`: 0 schedule, 1 push, 2 pull_request, 3 install, 4 manual, 5 event; of
-- `source`: 0 github, 1 localdir. Any other value is kept as text (the view shows it as it is).
CREATE TABLE scan_log (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  repository_id INTEGER NOT NULL REFERENCES repositories(id),
  at            INTEGER NOT NULL,                -- scored at, milliseconds since 1970 UTC
  commit_sha    BLOB,                            -- a hex sha as its bytes; any other value as text
  trigger       INTEGER NOT NULL,
  source        INTEGER NOT NULL,
  total         REAL,
  excluded      TEXT,                            -- JSON array; null when empty
  results_of    INTEGER REFERENCES scan_log(id),
  results_hash  TEXT
);

INSERT INTO scan_log (id, repository_id, at, commit_sha, trigger, source, total, excluded, results_of, results_hash)
SELECT id, repository_id,
       CAST(round((julianday(scored_at) - 2440587.5) * 86400000) AS INTEGER),
       CASE WHEN length(commit_sha) IN (40, 64) AND commit_sha NOT GLOB '*[^0-9a-f]*' THEN unhex(commit_sha) ELSE commit_sha END,
       CASE trigger WHEN 'schedule' THEN 0 WHEN 'push' THEN 1 WHEN 'pull_request' THEN 2 WHEN 'install' THEN 3
                    WHEN 'manual' THEN 4 WHEN 'event' THEN 5 ELSE trigger END,
       CASE source WHEN 'github' THEN 0 WHEN 'localdir' THEN 1 ELSE source END,
       total, NULLIF(excluded, '[]'), results_of, results_hash
  FROM scans;

DROP TRIGGER check_results_track_fixed;
DROP TRIGGER findings_track;
DROP TABLE scans;

CREATE INDEX scan_log_repo_time ON scan_log(repository_id, at DESC);
CREATE INDEX scan_log_results_of ON scan_log(results_of) WHERE results_of IS NOT NULL;

-- check_results is rebuilt only to reference scan_log; its rows are copied as they are.
CREATE TABLE check_results_new (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  scan_id  INTEGER NOT NULL REFERENCES scan_log(id) ON DELETE CASCADE,
  check_id TEXT    NOT NULL,
  score    REAL,
  outcome  TEXT    NOT NULL,
  reason   TEXT    NOT NULL
);
INSERT INTO check_results_new (id, scan_id, check_id, score, outcome, reason)
SELECT id, scan_id, check_id, score, outcome, reason FROM check_results;
DROP TABLE check_results;
ALTER TABLE check_results_new RENAME TO check_results;
CREATE INDEX check_results_scan ON check_results(scan_id);

CREATE VIEW scans (id, repository_id, commit_sha, trigger, source, scored_at, total, excluded, results_of, results_hash) AS
SELECT id, repository_id,
       CASE WHEN typeof(commit_sha) = 'blob' THEN lower(hex(commit_sha)) ELSE commit_sha END,
       CASE trigger WHEN 0 THEN 'schedule' WHEN 1 THEN 'push' WHEN 2 THEN 'pull_request' WHEN 3 THEN 'install'
                    WHEN 4 THEN 'manual' WHEN 5 THEN 'event' ELSE trigger END,
       CASE source WHEN 0 THEN 'github' WHEN 1 THEN 'localdir' ELSE source END,
       strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000.0, 'unixepoch'),
       total, COALESCE(excluded, '[]'), results_of, results_hash
  FROM scan_log;

-- The finding-tracking triggers of migration 0002, on scan_log (finding_tracks keeps ISO text).
CREATE TRIGGER check_results_track_fixed AFTER INSERT ON check_results
WHEN NEW.outcome NOT IN ('unknown', 'error')
BEGIN
  UPDATE finding_tracks
     SET fixed_at = (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000.0, 'unixepoch') FROM scan_log WHERE id = NEW.scan_id),
         fixed_scan_id = NEW.scan_id
   WHERE repository_id = (SELECT repository_id FROM scan_log WHERE id = NEW.scan_id)
     AND check_id = NEW.check_id
     AND fixed_at IS NULL
     AND last_seen_at <= (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000.0, 'unixepoch') FROM scan_log WHERE id = NEW.scan_id);
END;

CREATE TRIGGER findings_track AFTER INSERT ON findings
BEGIN
  UPDATE findings SET track_key = (
    SELECT CASE WHEN NEW.fingerprint IS NOT NULL THEN cr.check_id || ':fp:' || NEW.fingerprint
           ELSE cr.check_id || ':' || NEW.finding_id || ':' || COALESCE(NEW.path, '') || ':' || (
             SELECT COUNT(*) FROM findings o
              WHERE o.check_result_id = NEW.check_result_id AND o.finding_id = NEW.finding_id
                AND o.path IS NEW.path AND o.fingerprint IS NULL AND o.id < NEW.id)
           END
      FROM check_results cr WHERE cr.id = NEW.check_result_id)
   WHERE id = NEW.id;

  INSERT INTO finding_tracks (repository_id, track_key, check_id, finding_id, path,
                              first_seen_at, first_seen_scan_id, last_seen_at, last_seen_scan_id)
  SELECT s.repository_id, f.track_key, cr.check_id, f.finding_id, f.path, s.iso, s.id, s.iso, s.id
    FROM findings f JOIN check_results cr ON cr.id = f.check_result_id
    JOIN (SELECT id, repository_id, strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000.0, 'unixepoch') AS iso FROM scan_log) s ON s.id = cr.scan_id
   WHERE f.id = NEW.id AND NEW.outcome IN ('fail', 'warn')
  ON CONFLICT (repository_id, track_key) DO UPDATE SET
    last_seen_at = excluded.last_seen_at, last_seen_scan_id = excluded.last_seen_scan_id,
    fixed_at = NULL, fixed_scan_id = NULL
  WHERE excluded.last_seen_at >= finding_tracks.last_seen_at;
END;
