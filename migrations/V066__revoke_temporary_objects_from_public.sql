-- Temporary tables are looked up before public ones, and every query and function of the product names its
-- tables without a schema: a temporary run_events created on a pooled connection would take the appends of
-- every later transaction on it, and hand them to whoever reads it, past row-level security. No role of the
-- product needs temporary objects, so nobody but the database's owner may create them (PostgreSQL grants
-- TEMPORARY to PUBLIC by default; CREATE on schema public is already not PUBLIC's since PostgreSQL 15).
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;
