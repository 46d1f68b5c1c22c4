-- Plans: a resolved selection of catalog tests for one engagement. Immutable once created.
CREATE TABLE plans (
    id                          uuid        PRIMARY KEY,
    tenant_id                   text        NOT NULL CHECK (tenant_id <> ''),
    engagement_id               uuid        NOT NULL,
    risk_tier                   text        NOT NULL,
    strategy                    text        NOT NULL,
    tests                       jsonb       NOT NULL, -- [{test_id, agent}]
    steps                       jsonb       NOT NULL, -- [{index, test_id, step_id, title, agent, nominal_seconds}]
    estimated_duration_seconds  bigint      NOT NULL CHECK (estimated_duration_seconds >= 0),
    created_at                  timestamptz NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, engagement_id) REFERENCES engagements (tenant_id, id)
);

CREATE INDEX plans_by_engagement ON plans (tenant_id, engagement_id);

ALTER TABLE plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE plans FORCE ROW LEVEL SECURITY;
CREATE POLICY plans_tenant_isolation ON plans
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT ON plans TO "${app_role}";
