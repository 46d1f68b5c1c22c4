-- idempotency_keys past their lifetime (24 h, IdempotentCreation.KEPT) are deleted: every claim first deletes up
-- to 100 of its tenant's expired rows (row-level security confines the app role to the bound tenant, so there is
-- no cross-tenant sweep). The index serves that as a range scan over the tenant's oldest rows.
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (tenant_id, created_at);

GRANT DELETE ON idempotency_keys TO "${app_role}";
