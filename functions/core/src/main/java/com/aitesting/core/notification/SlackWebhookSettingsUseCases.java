package com.aitesting.core.notification;

import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;

/** Use cases behind /v2/settings/slack: a tenant sets, views (masked) and removes its own webhook. */
public final class SlackWebhookSettingsUseCases {
    private final Transactions transactions;
    private final NotificationSettingsRepository settings;

    public SlackWebhookSettingsUseCases(Transactions transactions, NotificationSettingsRepository settings) {
        this.transactions = transactions;
        this.settings = settings;
    }

    public SlackWebhookView set(Actor actor, SetSlackWebhook command) {
        return transactions.inTenant(actor.tenant(), () -> {
            settings.saveSlackWebhook(actor.tenant(), command.url(), actor.user());
            return settings.findSlackWebhook().map(SlackWebhookView::of).orElseThrow();
        });
    }

    public SlackWebhookView view(Actor actor) {
        return transactions.inTenant(actor.tenant(),
                () -> settings.findSlackWebhook().map(SlackWebhookView::of).orElseGet(SlackWebhookView::none));
    }

    /** Idempotent: removing a webhook that is not set is not an error. */
    public void remove(Actor actor) {
        transactions.inTenant(actor.tenant(), () -> {
            settings.deleteSlackWebhook();
        });
    }
}
