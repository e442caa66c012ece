-- Webhook deliveries are persisted before the HTTP answer and processed at least once, in order,
-- by an in-process worker; a job left `running` by a killed process is picked up again at start.
-- The payload is kept only until the job is done.
CREATE TABLE jobs (
  id              TEXT PRIMARY KEY,                 -- X-GitHub-Delivery id: the same delivery twice is one job
  event           TEXT    NOT NULL,                 -- e.g. "pull_request"
  action          TEXT,
  installation_id INTEGER,
  payload         TEXT,                             -- JSON; null once done
  state           TEXT    NOT NULL DEFAULT 'pending', -- pending | running | done | failed
  attempts        INTEGER NOT NULL DEFAULT 0,
  error           TEXT,
  run_after       TEXT,                             -- a retried job waits until then
  created_at      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL
);
CREATE INDEX jobs_pending ON jobs(state, created_at) WHERE state IN ('pending', 'running');
