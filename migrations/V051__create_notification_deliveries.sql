-- notification_deliveries: the deduplication ledger of run notifications. A row is claimed (pending) and
-- committed BEFORE the message is posted, so a redelivered or concurrent copy of the same status-change event
-- finds it and posts nothing; a claim left pending past its lease belongs to a notifier that died and may be
-- taken over (at-least-once; see NotifyRunTransition).
CREATE TABLE notification_deliveries (
    -- the EventBridge envelope id of the Step Functions "Execution Status Change" event (kept across redelivery)
    event_id     text        PRIMARY KEY CHECK (event_id <> ''),
    tenant_id    text        NOT NULL CHECK (tenant_id <> ''),
    run_id       uuid        NOT NULL,
    transition   text        NOT NULL CHECK (transition IN ('started', 'completed', 'failed', 'aborted')),
    status       text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts     integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- last HTTP status (0: no answer) and error class of a delivery; never the URL
    last_status  integer,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    claimed_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at  timestamptz,
    -- one message per run transition, even if the same transition arrives under two event ids
    UNIQUE (tenant_id, run_id, transition),
    FOREIGN KEY (tenant_id, run_id) REFERENCES runs (tenant_id, id)
);

ALTER TABLE notification_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY notification_deliveries_tenant_isolation ON notification_deliveries
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT, UPDATE ON notification_deliveries TO "${app_role}";
