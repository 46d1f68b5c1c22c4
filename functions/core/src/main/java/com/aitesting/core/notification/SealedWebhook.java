package com.aitesting.core.notification;

import java.util.Objects;

/** A webhook URL as it is stored: sealed ({@link WebhookVault}), with the masked form kept beside it for views. */
public record SealedWebhook(byte[] sealed, String masked) {
    public SealedWebhook {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(masked, "masked");
    }
}
