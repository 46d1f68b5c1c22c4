-- engagement_authorizations: the recorded permission to test an engagement for real (a ticket or contract id),
-- who recorded it and when. Append-only: replacing an authorization adds a row and the newest one is current,
-- so the history of who authorized what stays. A real run is refused without one.
CREATE TABLE engagement_authorizations (
    id             uuid        PRIMARY KEY,
    tenant_id      text        NOT NULL CHECK (tenant_id <> ''),
    engagement_id  uuid        NOT NULL,
    reference      text        NOT NULL CHECK (char_length(reference) BETWEEN 1 AND 200),
    recorded_at    timestamptz NOT NULL,
    recorded_by    text        NOT NULL,
    FOREIGN KEY (tenant_id, engagement_id) REFERENCES engagements (tenant_id, id)
);

CREATE INDEX engagement_authorizations_newest ON engagement_authorizations (tenant_id, engagement_id, recorded_at DESC);

ALTER TABLE engagement_authorizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE engagement_authorizations FORCE ROW LEVEL SECURITY;
CREATE POLICY engagement_authorizations_tenant_isolation ON engagement_authorizations
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT ON engagement_authorizations TO "${app_role}";
