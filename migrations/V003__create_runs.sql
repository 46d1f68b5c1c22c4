-- Runs: one execution of a plan. Status changes are conditional UPDATEs (... WHERE status IN (...)).
CREATE TABLE runs (
    id                  uuid        PRIMARY KEY,
    tenant_id           text        NOT NULL CHECK (tenant_id <> ''),
    engagement_id       uuid        NOT NULL,
    plan_id             uuid        NOT NULL,
    status              text        NOT NULL
        CHECK (status IN ('queued', 'running', 'pausing', 'paused', 'completed', 'failed', 'aborted')),
    total_steps         integer     NOT NULL CHECK (total_steps >= 0),
    completed_steps     integer     NOT NULL DEFAULT 0 CHECK (completed_steps BETWEEN 0 AND total_steps),
    current_step_index  integer     CHECK (current_step_index >= 0),
    percent             integer     NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    execution_id        text,
    -- the token of the parked .waitForTaskToken task while the run is paused; never returned by the API
    task_token          text,
    created_at          timestamptz NOT NULL,
    started_at          timestamptz,
    finished_at         timestamptz,
    failure_reason      text,
    -- the seq of the run's latest run_event; incremented under this row's lock so seq is gap-free per run
    last_event_seq      bigint      NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, engagement_id) REFERENCES engagements (tenant_id, id),
    FOREIGN KEY (tenant_id, plan_id) REFERENCES plans (tenant_id, id)
);

CREATE INDEX runs_by_engagement_newest ON runs (tenant_id, engagement_id, created_at DESC);

ALTER TABLE runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE runs FORCE ROW LEVEL SECURITY;
CREATE POLICY runs_tenant_isolation ON runs
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT, UPDATE ON runs TO "${app_role}";
