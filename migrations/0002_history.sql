-- History: indexes for time queries, and findings tracked across scans by a stable key.
-- Never edit once landed: add a new migration instead.

-- Org-wide time windows ("score on day D" for every repository, retention buckets).
CREATE INDEX scans_time ON scans(scored_at);

-- The key a finding is tracked by across scans of one repository. A finding with a fingerprint
-- (a keyed hash, for secrets) keeps it; one without is keyed by check id, finding id, path and its
-- ordinal among identical (finding id, path) pairs of the same check result. The line is left out
-- on purpose: an unrelated edit above it would otherwise report the same problem as fixed and new.
ALTER TABLE findings ADD COLUMN track_key TEXT;

-- One row per problem (fail/warn finding) ever seen in a repository. It outlives retention
-- pruning of scans, so "first seen" survives it.
CREATE TABLE finding_tracks (
  repository_id      INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
  track_key          TEXT    NOT NULL,
  check_id           TEXT    NOT NULL,
  finding_id         TEXT    NOT NULL,
  path               TEXT,
  first_seen_at      TEXT    NOT NULL,
  first_seen_scan_id INTEGER NOT NULL,
  last_seen_at       TEXT    NOT NULL,
  last_seen_scan_id  INTEGER NOT NULL,
  -- the first later scan whose check had a verdict and no longer reported it; null while open
  fixed_at           TEXT,
  fixed_scan_id      INTEGER,
  PRIMARY KEY (repository_id, track_key)
) WITHOUT ROWID;
CREATE INDEX finding_tracks_open ON finding_tracks(repository_id, check_id) WHERE fixed_at IS NULL;
CREATE INDEX finding_tracks_first_seen ON finding_tracks(first_seen_at);
CREATE INDEX finding_tracks_fixed ON finding_tracks(fixed_at) WHERE fixed_at IS NOT NULL;

-- Store.saveScan inserts a check result, then its findings. A check result with a verdict first
-- marks every open problem of that check as fixed by this scan; each problem the scan reports
-- again is then reopened by the findings trigger below. A scan older than what a track last saw
-- (a late backfill) changes nothing.
CREATE TRIGGER check_results_track_fixed AFTER INSERT ON check_results
WHEN NEW.outcome NOT IN ('unknown', 'error')
BEGIN
  UPDATE finding_tracks
     SET fixed_at = (SELECT scored_at FROM scans WHERE id = NEW.scan_id), fixed_scan_id = NEW.scan_id
   WHERE repository_id = (SELECT repository_id FROM scans WHERE id = NEW.scan_id)
     AND check_id = NEW.check_id
     AND fixed_at IS NULL
     AND last_seen_at <= (SELECT scored_at FROM scans WHERE id = NEW.scan_id);
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
  SELECT s.repository_id, f.track_key, cr.check_id, f.finding_id, f.path, s.scored_at, s.id, s.scored_at, s.id
    FROM findings f JOIN check_results cr ON cr.id = f.check_result_id JOIN scans s ON s.id = cr.scan_id
   WHERE f.id = NEW.id AND NEW.outcome IN ('fail', 'warn')
  ON CONFLICT (repository_id, track_key) DO UPDATE SET
    last_seen_at = excluded.last_seen_at, last_seen_scan_id = excluded.last_seen_scan_id,
    fixed_at = NULL, fixed_scan_id = NULL
  WHERE excluded.last_seen_at >= finding_tracks.last_seen_at;
END;

-- Findings stored before this migration: derive their keys and tracks once.
UPDATE findings SET track_key = (
  SELECT CASE WHEN findings.fingerprint IS NOT NULL THEN cr.check_id || ':fp:' || findings.fingerprint
         ELSE cr.check_id || ':' || findings.finding_id || ':' || COALESCE(findings.path, '') || ':' || (
           SELECT COUNT(*) FROM findings o
            WHERE o.check_result_id = findings.check_result_id AND o.finding_id = findings.finding_id
              AND o.path IS findings.path AND o.fingerprint IS NULL AND o.id < findings.id)
         END
    FROM check_results cr WHERE cr.id = findings.check_result_id);

INSERT INTO finding_tracks (repository_id, track_key, check_id, finding_id, path,
                            first_seen_at, first_seen_scan_id, last_seen_at, last_seen_scan_id)
SELECT s.repository_id, f.track_key, cr.check_id, MIN(f.finding_id), MIN(f.path),
       MIN(s.scored_at), MIN(s.id), MAX(s.scored_at), MAX(s.id)
  FROM findings f JOIN check_results cr ON cr.id = f.check_result_id JOIN scans s ON s.id = cr.scan_id
 WHERE f.outcome IN ('fail', 'warn')
 GROUP BY s.repository_id, f.track_key, cr.check_id;

UPDATE finding_tracks SET (fixed_at, fixed_scan_id) = (
  SELECT s.scored_at, s.id FROM scans s JOIN check_results cr ON cr.scan_id = s.id
   WHERE s.repository_id = finding_tracks.repository_id AND cr.check_id = finding_tracks.check_id
     AND cr.outcome NOT IN ('unknown', 'error') AND s.scored_at > finding_tracks.last_seen_at
   ORDER BY s.scored_at, s.id LIMIT 1);
