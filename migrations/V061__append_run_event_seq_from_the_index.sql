-- append_run_event: the event store's append as one call, in one round trip, inside the caller's transaction,
-- without rewriting the run row per event. Until now every append moved runs.last_event_seq, one new version
-- of the run row per event, which cost as much server time as the INSERT itself (docs/benchmarks.md). Now
-- the run row is only locked, and the next seq is read from run_events' primary key (run_id, seq).
--
-- The guards are the application's (RunLifecycle) and arrive as parameters, so no lifecycle rule is restated:
--   p_refused_statuses  statuses of the run that refuse this event (the ended ones, for an ordinary event);
--   p_refusing_keys     idempotency keys whose presence refuses this event (the end events' keys).
-- Two statements, because each gets its own snapshot under READ COMMITTED:
--   1. the lock (FOR NO KEY UPDATE: it serialises the run's appenders and its status changes, which are
--      UPDATEs, but not the key-share locks that inserting a finding or a delivery takes on the run);
--   2. the INSERT, whose snapshot is taken once the lock is held, so it sees every event and status the
--      previous holder committed: max(seq) + 1 is the next seq, gap-free, and the status is current.
-- Nothing is written when the run is not visible (another tenant's: row-level security applies, this is
-- SECURITY INVOKER), its status is refused, the event's key or a refusing key is used. ON CONFLICT DO NOTHING
-- also turns a second end event under another key (run_events_one_terminal) into "nothing written". Each
-- refusing key is its own index probe (LATERAL ... LIMIT 1): as "= ANY (...)" a cached generic plan scanned
-- every event of the run (the reason V060 dropped V055's function). Returns seq and created_at, or no row.
CREATE FUNCTION append_run_event(p_run uuid, p_type text, p_payload jsonb, p_key text,
                                 p_refused_statuses text[], p_refusing_keys text[])
    RETURNS TABLE (event_seq bigint, event_created_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
BEGIN
    PERFORM 1 FROM runs r WHERE r.id = p_run FOR NO KEY UPDATE;
    RETURN QUERY
        INSERT INTO run_events AS e (tenant_id, run_id, seq, type, payload, idempotency_key)
        SELECT r.tenant_id, p_run,
               coalesce((SELECT max(latest.seq) FROM run_events latest WHERE latest.run_id = p_run), 0) + 1,
               p_type, p_payload, p_key
          FROM runs r
         WHERE r.id = p_run AND r.status <> ALL (p_refused_statuses)
           AND NOT EXISTS (SELECT 1 FROM unnest(p_refusing_keys) AS refusing (key),
                           LATERAL (SELECT 1 FROM run_events used
                                     WHERE used.run_id = p_run AND used.idempotency_key = refusing.key LIMIT 1) hit)
        ON CONFLICT DO NOTHING
        RETURNING e.seq, e.created_at;
END;
$$;

REVOKE ALL ON FUNCTION append_run_event(uuid, text, jsonb, text, text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_run_event(uuid, text, jsonb, text, text[], text[]) TO "${app_role}";

-- The run's latest seq is max(seq) of its events now (readers: RunReadSql.HEAD, PostgresRunRepository).
-- Dropped rather than left unmaintained: an AWS deploy applies this migration while the previous functions may
-- still run for a moment, and their appends would take a stale last_event_seq + 1 and lose the event to ON
-- CONFLICT DO NOTHING; without the column they fail loudly instead (a run in flight then ends as failed with
-- internal_error). Deploy this one while no run is in flight.
ALTER TABLE runs DROP COLUMN last_event_seq;
