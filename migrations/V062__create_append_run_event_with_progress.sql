-- append_run_event_with_progress: a step's progress as ONE call: the event, appended exactly as
-- append_run_event (V061) appends it, and, only when it was written, the run's progress columns. Until now
-- the workflow sent them as two statements of one transaction (append, UPDATE, then COMMIT: three round
-- trips per progress event); as one call the store can send it as a transaction of its own, the tenant
-- binding in the same request (one round trip: PostgresTransactions.inTenantOneStatement).
--
-- The run row is already locked by the append when the UPDATE runs, so the progress written is the one of
-- the event just appended: two writers of one run cannot interleave them. A refused event (ended run, used
-- key, run not visible) writes no progress either. SECURITY INVOKER: row-level security applies to both.
-- Additive: V061's function stays, for appends that carry no progress.
CREATE FUNCTION append_run_event_with_progress(p_run uuid, p_type text, p_payload jsonb, p_key text,
                                               p_refused_statuses text[], p_refusing_keys text[],
                                               p_completed_steps integer, p_current_step_index integer,
                                               p_percent integer)
    RETURNS TABLE (event_seq bigint, event_created_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
BEGIN
    RETURN QUERY
        SELECT a.event_seq, a.event_created_at
          FROM append_run_event(p_run, p_type, p_payload, p_key, p_refused_statuses, p_refusing_keys) a;
    IF FOUND THEN
        UPDATE runs
           SET completed_steps = p_completed_steps, current_step_index = p_current_step_index, percent = p_percent
         WHERE id = p_run;
    END IF;
END;
$$;

REVOKE ALL ON FUNCTION append_run_event_with_progress(uuid, text, jsonb, text, text[], text[], integer, integer, integer)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_run_event_with_progress(uuid, text, jsonb, text, text[], text[], integer, integer, integer)
    TO "${app_role}";
