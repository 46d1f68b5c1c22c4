-- idempotency_keys: the Idempotency-Key a caller sent with a creating request, the fingerprint of that request
-- (method, path, canonical body) and what it created. The row is written in the transaction that creates the
-- resource, so a key never exists without its resource or the reverse. The primary key serialises requests that
-- share a key: a second INSERT waits for the first transaction and then sees its row (replay) or, when it rolled
-- back, takes the key itself. Kept 24 hours: an older row is ignored and taken over by the next use of its key.
CREATE TABLE idempotency_keys (
    tenant_id        text        NOT NULL CHECK (tenant_id <> ''),
    caller           text        NOT NULL,
    endpoint         text        NOT NULL,
    key              text        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    request_hash     text        NOT NULL,
    created_at       timestamptz NOT NULL,
    -- filled in the same transaction once the resource exists; never seen empty by another transaction
    response_status  integer,
    resource_id      uuid,
    PRIMARY KEY (tenant_id, caller, endpoint, key)
);

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_keys_tenant_isolation ON idempotency_keys
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- UPDATE: the outcome is recorded after the claim, and an expired row is taken over (INSERT ... ON CONFLICT DO UPDATE)
GRANT SELECT, INSERT, UPDATE ON idempotency_keys TO "${app_role}";
