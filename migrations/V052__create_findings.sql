-- findings: what a real run observed, one row per issue per target. Written once by the run's step (the real
-- executors) and never changed, so the application role may only read and insert.
CREATE TABLE findings (
    id              uuid        PRIMARY KEY,
    tenant_id       text        NOT NULL CHECK (tenant_id <> ''),
    run_id          uuid        NOT NULL,
    step_index      integer     NOT NULL CHECK (step_index >= 0),
    test_id         text        NOT NULL CHECK (test_id <> ''),
    -- the kind of finding (one SARIF rule each), e.g. http.header.hsts_missing
    rule_id         text        NOT NULL CHECK (rule_id <> ''),
    severity        text        NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
    title           text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
    description     text        NOT NULL,
    -- what the finding is about; each part only where it applies, at least one of host, address, url
    target_host     text,
    target_address  text,
    target_port     integer     CHECK (target_port BETWEEN 1 AND 65535),
    target_url      text,
    -- what was observed on the wire (a header set, a certificate's dates, how a port answered)
    evidence        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- same rule on the same target = same fingerprint, across runs (NewFinding.fingerprint)
    fingerprint     text        NOT NULL CHECK (fingerprint <> ''),
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (target_host IS NOT NULL OR target_address IS NOT NULL OR target_url IS NOT NULL),
    -- a redelivered step inserts nothing twice
    UNIQUE (run_id, fingerprint),
    FOREIGN KEY (tenant_id, run_id) REFERENCES runs (tenant_id, id)
);

-- an engagement's findings across its runs, grouped by fingerprint
CREATE INDEX findings_by_fingerprint ON findings (tenant_id, fingerprint, created_at);

ALTER TABLE findings ENABLE ROW LEVEL SECURITY;
ALTER TABLE findings FORCE ROW LEVEL SECURITY;
CREATE POLICY findings_tenant_isolation ON findings
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT ON findings TO "${app_role}";
