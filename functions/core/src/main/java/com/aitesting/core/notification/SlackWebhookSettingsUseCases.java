package com.aitesting.core.notification;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.outbound.OutboundPolicy;
import com.aitesting.core.outbound.OutboundRefusal;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;
import java.util.Optional;

/**
 * Use cases behind /v2/settings/slack: a tenant sets, views (masked) and removes its own webhook. A URL the
 * outbound policy refuses is a 400 naming the reason; an accepted one is stored sealed.
 */
public final class SlackWebhookSettingsUseCases {
    private final Transactions transactions;
    private final NotificationSettingsRepository settings;
    private final StoredWebhooks stored;
    private final WebhookVault vault;
    private final OutboundPolicy outbound;

    public SlackWebhookSettingsUseCases(Transactions transactions, NotificationSettingsRepository settings,
                                        WebhookVault vault, OutboundPolicy outbound) {
        this.transactions = transactions;
        this.settings = settings;
        this.stored = new StoredWebhooks(settings, vault);
        this.vault = vault;
        this.outbound = outbound;
    }

    public SlackWebhookView set(Actor actor, SetSlackWebhook command) {
        Optional<OutboundRefusal> refused = outbound.checkUrl(command.url().reveal());
        if (refused.isPresent()) {
            String message = refused.get().sentence();
            if (refused.get() == OutboundRefusal.HOST_NOT_ALLOWED) {
                message += " (" + outbound.describeAllowedHosts() + "; SLACK_ALLOWED_HOSTS adds more)";
            }
            throw InvalidInputException.of(WebhookUrl.FIELD, message);
        }
        SealedWebhook sealed = vault.seal(actor.tenant(), command.url()); // before the transaction: KMS is a network call
        return transactions.inTenant(actor.tenant(), () -> {
            settings.saveSlackWebhook(actor.tenant(), sealed, actor.user());
            return stored.find(actor.tenant()).map(SlackWebhookView::of).orElseThrow();
        });
    }

    public SlackWebhookView view(Actor actor) {
        return transactions.inTenant(actor.tenant(),
                () -> stored.find(actor.tenant()).map(SlackWebhookView::of).orElseGet(SlackWebhookView::none));
    }

    /** Idempotent: removing a webhook that is not set is not an error. */
    public void remove(Actor actor) {
        transactions.inTenant(actor.tenant(), () -> {
            settings.deleteSlackWebhook();
        });
    }
}
