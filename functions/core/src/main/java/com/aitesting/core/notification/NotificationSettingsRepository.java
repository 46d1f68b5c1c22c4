package com.aitesting.core.notification;

import com.aitesting.core.tenant.TenantId;
import java.util.Optional;

/**
 * Port: a tenant's notification settings (table notification_settings, one row per tenant). Called inside
 * {@link com.aitesting.core.port.Transactions#inTenant}; sees only the bound tenant's row. The webhook is
 * stored sealed ({@link WebhookVault}); the repository never sees it in clear.
 */
public interface NotificationSettingsRepository {

    Optional<StoredSlackWebhook> findSlackWebhook();

    /** Inserts or replaces the tenant's webhook. */
    void saveSlackWebhook(TenantId tenant, SealedWebhook webhook, String updatedBy);

    /** Replaces a legacy plain-text webhook with its sealed form, keeping who set it and when. */
    void resealSlackWebhook(SealedWebhook webhook);

    /** Removes the tenant's webhook; false when there was none. */
    boolean deleteSlackWebhook();
}
