-- Engagements: a tenant's declared scope. Immutable once created, so the application role may only read and insert.
CREATE TABLE engagements (
    id          uuid        PRIMARY KEY,
    tenant_id   text        NOT NULL CHECK (tenant_id <> ''),
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    type        text        NOT NULL,
    risk_tier   text        NOT NULL,
    -- in_scope_domains, in_scope_cidrs, out_of_scope, windows: normalised by the domain before they get here
    scope       jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    -- target of the (tenant_id, engagement_id) foreign keys: a child row can only point at its own tenant's engagement
    UNIQUE (tenant_id, id)
);

CREATE INDEX engagements_by_tenant_newest ON engagements (tenant_id, created_at DESC);

ALTER TABLE engagements ENABLE ROW LEVEL SECURITY;
ALTER TABLE engagements FORCE ROW LEVEL SECURITY;
CREATE POLICY engagements_tenant_isolation ON engagements
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT ON engagements TO "${app_role}";
