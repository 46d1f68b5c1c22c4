-- Webhook URLs are bearer secrets: from here on they are stored sealed (envelope encryption, AES-256-GCM under a
-- per-value data key wrapped by the deployment's master key: AWS KMS, or the local key file), with the masked
-- form beside them for the settings view. The app seals a row that is still in plain text the first time it
-- reads it (StoredWebhooks), so slack_webhook_url only holds rows written before this migration.
ALTER TABLE notification_settings ALTER COLUMN slack_webhook_url DROP NOT NULL;
ALTER TABLE notification_settings ADD COLUMN slack_webhook_sealed bytea CHECK (octet_length(slack_webhook_sealed) BETWEEN 1 AND 8192);
ALTER TABLE notification_settings ADD COLUMN slack_webhook_masked text CHECK (char_length(slack_webhook_masked) BETWEEN 1 AND 2048);
ALTER TABLE notification_settings ADD CONSTRAINT notification_settings_webhook_sealed_or_legacy CHECK (
    (slack_webhook_sealed IS NOT NULL AND slack_webhook_masked IS NOT NULL AND slack_webhook_url IS NULL)
    OR (slack_webhook_sealed IS NULL AND slack_webhook_masked IS NULL AND slack_webhook_url IS NOT NULL));

COMMENT ON COLUMN notification_settings.slack_webhook_url IS 'legacy plain text (rows before V054); sealed on first read';
