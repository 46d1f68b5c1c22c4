-- notification_settings: a tenant's own notification targets, one row per tenant. The Slack webhook URL is a
-- bearer secret: the API accepts it and shows only a masked form; only the notifier reads it back.
CREATE TABLE notification_settings (
    tenant_id          text        PRIMARY KEY CHECK (tenant_id <> ''),
    -- validated by the domain (https, or http on loopback) before it gets here
    slack_webhook_url  text        NOT NULL CHECK (char_length(slack_webhook_url) BETWEEN 1 AND 2048),
    updated_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_by         text        NOT NULL
);

ALTER TABLE notification_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY notification_settings_tenant_isolation ON notification_settings
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE ON notification_settings TO "${app_role}";
