package com.aitesting.core.notification;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.secret.SecretUnreadableException;
import com.aitesting.core.tenant.TenantId;
import java.util.Optional;

/**
 * Reads a tenant's webhook row for the use cases, inside their tenant transaction. A legacy plain-text row is
 * sealed and rewritten on this first read (the migration of rows written before V054), so from then on the
 * table holds it only sealed; who set it and when are kept.
 */
final class StoredWebhooks {
    private final NotificationSettingsRepository settings;
    private final WebhookVault vault;

    StoredWebhooks(NotificationSettingsRepository settings, WebhookVault vault) {
        this.settings = settings;
        this.vault = vault;
    }

    /** The tenant's sealed webhook, if it has one. */
    Optional<StoredSlackWebhook> find(TenantId tenant) {
        Optional<StoredSlackWebhook> stored = settings.findSlackWebhook();
        if (stored.isEmpty() || stored.get().sealed().isPresent()) {
            return stored;
        }
        WebhookUrl url;
        try {
            url = WebhookUrl.parse(stored.get().legacyPlaintext().orElseThrow());
        } catch (InvalidInputException e) {
            throw new SecretUnreadableException("a plain-text webhook row is not a URL");
        }
        SealedWebhook sealed = vault.seal(tenant, url);
        settings.resealSlackWebhook(sealed);
        return Optional.of(StoredSlackWebhook.sealed(sealed, stored.get().updatedAt(), stored.get().updatedBy()));
    }
}
