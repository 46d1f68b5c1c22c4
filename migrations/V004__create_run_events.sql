-- run_events: the append-only history of each run, streamed over SSE (seq is the SSE id).
CREATE TABLE run_events (
    tenant_id        text        NOT NULL CHECK (tenant_id <> ''),
    run_id           uuid        NOT NULL,
    seq              bigint      NOT NULL CHECK (seq >= 1),
    type             text        NOT NULL,
    payload          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- a retried or redelivered task appends with the same key and writes nothing the second time
    idempotency_key  text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (run_id, seq),
    UNIQUE (run_id, idempotency_key),
    FOREIGN KEY (tenant_id, run_id) REFERENCES runs (tenant_id, id)
);

-- At most one terminal event per run; also makes "has this run ended?" an index lookup.
CREATE UNIQUE INDEX run_events_one_terminal ON run_events (run_id)
    WHERE type IN ('run.completed', 'run.failed', 'run.aborted');

ALTER TABLE run_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE run_events FORCE ROW LEVEL SECURITY;
CREATE POLICY run_events_tenant_isolation ON run_events
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT ON run_events TO "${app_role}";

-- Live tail: wake the process-wide listener. The payload is only the run id; listeners re-read the
-- events from this table, so nothing depends on NOTIFY's payload limit or on delivery (NOTIFY is sent
-- at commit, so a woken reader always finds the row).
CREATE FUNCTION notify_run_event() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('run_events', NEW.run_id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER run_events_notify
    AFTER INSERT ON run_events
    FOR EACH ROW EXECUTE FUNCTION notify_run_event();
