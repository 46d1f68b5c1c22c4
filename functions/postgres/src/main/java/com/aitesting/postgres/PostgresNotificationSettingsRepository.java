package com.aitesting.postgres;

import com.aitesting.core.notification.NotificationSettingsRepository;
import com.aitesting.core.notification.SealedWebhook;
import com.aitesting.core.notification.StoredSlackWebhook;
import com.aitesting.core.tenant.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Table notification_settings (V050, V054). Row-level security already limits every statement to the bound
 * tenant's row; the statements name the bound tenant as well, because a webhook read for the wrong tenant would
 * send one tenant's run details to another tenant's channel. The webhook arrives and leaves sealed.
 */
public final class PostgresNotificationSettingsRepository implements NotificationSettingsRepository {
    private static final String BOUND_TENANT = "WHERE tenant_id = current_setting('app.tenant_id', true)";

    private final PostgresTransactions tx;

    public PostgresNotificationSettingsRepository(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<StoredSlackWebhook> findSlackWebhook() {
        return tx.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT slack_webhook_sealed, slack_webhook_masked, "
                    + "slack_webhook_url, updated_at, updated_by FROM notification_settings " + BOUND_TENANT)) {
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    byte[] sealed = r.getBytes(1);
                    Instant updatedAt = r.getObject(4, OffsetDateTime.class).toInstant();
                    String updatedBy = r.getString(5);
                    return Optional.of(sealed != null
                            ? StoredSlackWebhook.sealed(new SealedWebhook(sealed, r.getString(2)), updatedAt, updatedBy)
                            : StoredSlackWebhook.legacy(r.getString(3), updatedAt, updatedBy));
                }
            }
        });
    }

    @Override
    public void saveSlackWebhook(TenantId tenant, SealedWebhook webhook, String updatedBy) {
        tx.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO notification_settings
                        (tenant_id, slack_webhook_sealed, slack_webhook_masked, slack_webhook_url, updated_at, updated_by)
                    VALUES (?, ?, ?, NULL, clock_timestamp(), ?)
                    ON CONFLICT (tenant_id) DO UPDATE
                    SET slack_webhook_sealed = EXCLUDED.slack_webhook_sealed,
                        slack_webhook_masked = EXCLUDED.slack_webhook_masked,
                        slack_webhook_url = NULL,
                        updated_at = EXCLUDED.updated_at,
                        updated_by = EXCLUDED.updated_by""")) {
                s.setString(1, tenant.value());
                s.setBytes(2, webhook.sealed());
                s.setString(3, webhook.masked());
                s.setString(4, updatedBy);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void resealSlackWebhook(SealedWebhook webhook) {
        tx.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE notification_settings
                    SET slack_webhook_sealed = ?, slack_webhook_masked = ?, slack_webhook_url = NULL
                    """ + BOUND_TENANT + " AND slack_webhook_url IS NOT NULL")) {
                s.setBytes(1, webhook.sealed());
                s.setString(2, webhook.masked());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public boolean deleteSlackWebhook() {
        return tx.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM notification_settings " + BOUND_TENANT)) {
                return s.executeUpdate() > 0;
            }
        });
    }
}
