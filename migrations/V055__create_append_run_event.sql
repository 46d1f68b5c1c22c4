-- append_run_event: the event store's append as one call, in one round trip, inside the caller's transaction.
-- The guards are the application's (RunLifecycle) and arrive as parameters, so no lifecycle rule is restated
-- here:
--   p_refused_statuses    statuses of the run that refuse this event (the final ones, for an ordinary event);
--   p_refused_after_keys  idempotency keys whose presence refuses this event (the end events' keys).
-- The run row is locked first, so appends to one run are serialised and each statement below (a new snapshot
-- per statement) sees what the previous lock holder committed. Nothing is written when the run is not visible,
-- its status is refused, the event's key or a refusing key is used. Otherwise the event gets
-- last_event_seq + 1, updated in the same transaction as the INSERT: a rollback undoes both, so seq stays
-- gap-free. ON CONFLICT DO NOTHING also turns a second end event under another key (run_events_one_terminal)
-- into "nothing written". Returns the written event's seq and created_at, or no row.
CREATE FUNCTION append_run_event(p_run uuid, p_type text, p_payload jsonb, p_key text,
                                 p_refused_statuses text[], p_refused_after_keys text[])
    RETURNS TABLE (event_seq bigint, event_created_at timestamptz)
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_tenant text;
    v_seq    bigint;
BEGIN
    SELECT r.tenant_id, r.last_event_seq + 1 INTO v_tenant, v_seq
      FROM runs r
     WHERE r.id = p_run AND r.status <> ALL (p_refused_statuses)
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM run_events e
                WHERE e.run_id = p_run AND e.idempotency_key = ANY (p_refused_after_keys || p_key)) THEN
        RETURN;
    END IF;
    RETURN QUERY
        INSERT INTO run_events AS e (tenant_id, run_id, seq, type, payload, idempotency_key)
        VALUES (v_tenant, p_run, v_seq, p_type, p_payload, p_key)
        ON CONFLICT DO NOTHING
        RETURNING e.seq, e.created_at;
    IF FOUND THEN
        UPDATE runs SET last_event_seq = v_seq WHERE id = p_run;
    END IF;
END;
$$;

REVOKE ALL ON FUNCTION append_run_event(uuid, text, jsonb, text, text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_run_event(uuid, text, jsonb, text, text[], text[]) TO "${app_role}";
