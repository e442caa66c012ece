-- A scan whose check results and findings are identical to those of the repository's previous
-- scan stores none of its own: `results_of` names the scan holding them, so the daily scan of a
-- quiet repository is one small row. `results_hash` identifies the results of a scan that holds
-- them. Retention never removes a scan whose results another scan uses (the reference enforces it).
-- Never edit once landed: add a new migration instead.
ALTER TABLE scans ADD COLUMN results_of INTEGER REFERENCES scans(id);
ALTER TABLE scans ADD COLUMN results_hash TEXT;
CREATE INDEX scans_results_of ON scans(results_of) WHERE results_of IS NOT NULL;

-- Time queries go through scans_repo_time repository by repository; this index only cost space.
DROP INDEX scans_time;
