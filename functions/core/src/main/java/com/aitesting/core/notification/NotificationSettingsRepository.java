package com.aitesting.core.notification;

import com.aitesting.core.tenant.TenantId;
import java.util.Optional;

/**
 * Port: a tenant's notification settings (table notification_settings, one row per tenant). Called inside
 * {@link com.aitesting.core.port.Transactions#inTenant}; sees only the bound tenant's row.
 */
public interface NotificationSettingsRepository {

    Optional<SlackWebhookSettings> findSlackWebhook();

    /** Inserts or replaces the tenant's webhook. */
    void saveSlackWebhook(TenantId tenant, WebhookUrl url, String updatedBy);

    /** Removes the tenant's webhook; false when there was none. */
    boolean deleteSlackWebhook();
}
