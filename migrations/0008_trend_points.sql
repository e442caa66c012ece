-- The dashboard's weekly trend points of past weeks, computed once per scope (the repository set
-- it covers). The state at the end of a past week does not change: scans are appended at the
-- present, and retention keeps the newest scan of every day and week.
-- Never edit once landed: add a new migration instead.
CREATE TABLE trend_points (
  scope        TEXT    NOT NULL,
  week         TEXT    NOT NULL,               -- Monday, YYYY-MM-DD
  at           TEXT    NOT NULL,
  total        REAL,
  checks       TEXT    NOT NULL,               -- JSON object: check id -> average or null
  repositories INTEGER NOT NULL,
  PRIMARY KEY (scope, week)
) WITHOUT ROWID;
CREATE INDEX trend_points_week ON trend_points(week);
