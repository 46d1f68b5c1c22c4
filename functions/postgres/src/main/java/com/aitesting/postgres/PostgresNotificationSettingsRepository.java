package com.aitesting.postgres;

import com.aitesting.core.notification.NotificationSettingsRepository;
import com.aitesting.core.notification.SlackWebhookSettings;
import com.aitesting.core.notification.WebhookUrl;
import com.aitesting.core.tenant.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Table notification_settings (V050). Row-level security already limits every statement to the bound tenant's
 * row; the statements name the bound tenant as well, because a webhook read for the wrong tenant would send one
 * tenant's run details to another tenant's channel.
 */
public final class PostgresNotificationSettingsRepository implements NotificationSettingsRepository {
    private static final String BOUND_TENANT = "WHERE tenant_id = current_setting('app.tenant_id', true)";

    private final PostgresTransactions tx;

    public PostgresNotificationSettingsRepository(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<SlackWebhookSettings> findSlackWebhook() {
        return tx.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT slack_webhook_url, updated_at, updated_by FROM notification_settings " + BOUND_TENANT)) {
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    // Stored only after validation; parsing again keeps one representation of a webhook in the code.
                    return Optional.of(new SlackWebhookSettings(WebhookUrl.parse(r.getString(1)),
                            r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3)));
                }
            }
        });
    }

    @Override
    public void saveSlackWebhook(TenantId tenant, WebhookUrl url, String updatedBy) {
        tx.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO notification_settings (tenant_id, slack_webhook_url, updated_at, updated_by)
                    VALUES (?, ?, clock_timestamp(), ?)
                    ON CONFLICT (tenant_id) DO UPDATE
                    SET slack_webhook_url = EXCLUDED.slack_webhook_url,
                        updated_at = EXCLUDED.updated_at,
                        updated_by = EXCLUDED.updated_by""")) {
                s.setString(1, tenant.value());
                s.setString(2, url.reveal().toString());
                s.setString(3, updatedBy);
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
