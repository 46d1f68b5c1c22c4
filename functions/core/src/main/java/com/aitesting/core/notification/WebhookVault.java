package com.aitesting.core.notification;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.secret.EnvelopeCipher;
import com.aitesting.core.secret.MasterKey;
import com.aitesting.core.secret.SecretUnreadableException;
import com.aitesting.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Seals a tenant's webhook URL for storage and opens it for sending (envelope encryption, {@link EnvelopeCipher}).
 * The tenant and the purpose are the encryption context, so a sealed URL copied into another tenant's row, or
 * into another kind of secret, does not open.
 */
public final class WebhookVault {
    static final String PURPOSE = "slack_webhook";

    private final EnvelopeCipher cipher;

    public WebhookVault(MasterKey masterKey) {
        this.cipher = new EnvelopeCipher(masterKey);
    }

    public SealedWebhook seal(TenantId tenant, WebhookUrl url) {
        byte[] sealed = cipher.seal(url.reveal().toString().getBytes(StandardCharsets.UTF_8), context(tenant));
        return new SealedWebhook(sealed, url.masked());
    }

    /** The URL; {@link SecretUnreadableException} when this deployment's key or this tenant did not seal it. */
    public WebhookUrl open(TenantId tenant, byte[] sealed) {
        String text = new String(cipher.open(sealed, context(tenant)), StandardCharsets.UTF_8);
        try {
            return WebhookUrl.parse(text);
        } catch (InvalidInputException e) {
            throw new SecretUnreadableException("the opened webhook is not a URL");
        }
    }

    private static Map<String, String> context(TenantId tenant) {
        return Map.of("purpose", PURPOSE, "tenant_id", tenant.value());
    }
}
