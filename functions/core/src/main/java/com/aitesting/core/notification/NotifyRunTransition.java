package com.aitesting.core.notification;

import com.aitesting.core.notification.NotificationOutcome.Kind;
import com.aitesting.core.port.FindingRepository;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.secret.SecretUnreadableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Use case: announce a run's transition in Slack once, for one execution status-change event.
 *
 * <p>A run's outcome never depends on Slack. This runs after the fact, in its own short transactions, never
 * inside a run's; the HTTP posts happen with no transaction open; and Slack's behaviour never becomes an
 * exception (a failed delivery is recorded as {@code notification.failed}).
 *
 * <p>Delivery is at-least-once with a narrow duplicate window. Before posting, the event id is claimed in
 * notification_deliveries (committed), so a second delivery of the same event - EventBridge redelivery, a
 * concurrent Lambda - finds the claim and posts nothing. A claim still pending after {@code claimLease}
 * belongs to a notifier that died between claim and outcome (Lambda timeout, crash): the next delivery of
 * the event (Lambda's async retry, a restart) takes it over and posts. The message is duplicated only if the
 * notifier died after Slack accepted it and before the outcome was written; at-most-once would instead lose
 * the message in every crash after the claim, and a lost "run failed" is the worse failure for a team.
 *
 * <p>A tenant's webhook is stored sealed; it is opened after the transaction, just before posting (on AWS that
 * is a KMS call, which should not hold a database transaction open). One that does not open is recorded as a
 * failed delivery ({@code webhook_unreadable}), like any other.
 */
public final class NotifyRunTransition {
    private static final int PAGE = 1000;

    private final Transactions transactions;
    private final RunRepository runs;
    private final RunEventStore events;
    private final FindingRepository findings;
    private final StoredWebhooks webhooks;
    private final WebhookVault vault;
    private final NotificationDeliveryRepository deliveries;
    private final SlackDelivery slack;
    private final NotifierSettings config;

    public NotifyRunTransition(Transactions transactions, RunRepository runs, RunEventStore events, FindingRepository findings,
            NotificationSettingsRepository settings, WebhookVault vault, NotificationDeliveryRepository deliveries,
            SlackDelivery slack, NotifierSettings config) {
        this.transactions = transactions;
        this.runs = runs;
        this.events = events;
        this.findings = findings;
        this.webhooks = new StoredWebhooks(settings, vault);
        this.vault = vault;
        this.deliveries = deliveries;
        this.slack = slack;
        this.config = config;
    }

    private sealed interface Prepared {
        record Skip(NotificationOutcome outcome) implements Prepared {}

        /** To the tenant's own (sealed) webhook when it has one, else to the deployment's default. */
        record Send(RunNotice notice, Optional<SealedWebhook> tenantWebhook, Optional<WebhookUrl> deploymentDefault,
                    Map<String, Object> message) implements Prepared {}
    }

    public NotificationOutcome handle(ExecutionStatusChange change) {
        Prepared prepared = transactions.inTenant(change.tenant(), () -> prepare(change));
        if (prepared instanceof Prepared.Skip skip) {
            return skip.outcome();
        }
        Prepared.Send send = (Prepared.Send) prepared;
        Transition transition = send.notice().transition();

        DeliveryReport report = deliver(change, send);

        boolean recorded = transactions.inTenant(change.tenant(), () -> {
            deliveries.finish(change.eventId(), report);
            return !report.delivered() && events.append(change.run(), failedEvent(transition, report)).isPresent();
        });
        return new NotificationOutcome(report.delivered() ? Kind.SENT : Kind.GAVE_UP, transition, report, recorded);
    }

    private DeliveryReport deliver(ExecutionStatusChange change, Prepared.Send send) {
        WebhookUrl webhook;
        try {
            webhook = send.tenantWebhook().isPresent()
                    ? vault.open(change.tenant(), send.tenantWebhook().get().sealed())
                    : send.deploymentDefault().orElseThrow();
        } catch (SecretUnreadableException e) {
            return DeliveryReport.failure(0, 0, DeliveryError.WEBHOOK_UNREADABLE.code());
        }
        return slack.deliver(webhook, send.message());
    }

    private Prepared prepare(ExecutionStatusChange change) {
        Optional<Run> run = runs.find(change.run());
        if (run.isEmpty()) {
            return new Prepared.Skip(NotificationOutcome.skipped(Kind.UNKNOWN_RUN, null));
        }
        Optional<RunNotice> notice = RunNotice.decide(change, run.get(), readAll(change.run()))
                .map(n -> n.transition() == Transition.STARTED ? n : n.withFindings(findings.countByRun(change.run())));
        if (notice.isEmpty()) {
            return new Prepared.Skip(NotificationOutcome.skipped(Kind.IGNORED, null));
        }
        Transition transition = notice.get().transition();
        Optional<SealedWebhook> tenantWebhook = webhooks.find(change.tenant()).flatMap(StoredSlackWebhook::sealed);
        if (tenantWebhook.isEmpty() && config.defaultWebhook().isEmpty()) {
            return new Prepared.Skip(NotificationOutcome.skipped(Kind.NO_WEBHOOK, transition));
        }
        boolean claimed = deliveries.claim(change.tenant(), change.eventId(), change.run(), transition)
                || deliveries.reclaimStale(change.eventId(), config.claimLease());
        if (!claimed) {
            return new Prepared.Skip(NotificationOutcome.skipped(Kind.DUPLICATE, transition));
        }
        Map<String, Object> message = SlackMessage.build(notice.get(),
                SlackMessage.runLink(config.publicBaseUrl(), notice.get()));
        return new Prepared.Send(notice.get(), tenantWebhook, config.defaultWebhook(), message);
    }

    private List<RunEvent> readAll(RunId run) {
        List<RunEvent> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<RunEvent> page = events.listAfter(run, after, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            after = page.getLast().seq();
        }
    }

    /** The audit entry of a delivery that gave up; never the URL. One per run and transition. */
    static NewRunEvent failedEvent(Transition transition, DeliveryReport report) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("channel", "slack");
        payload.put("transition", transition.wire());
        payload.put("attempts", report.attempts());
        payload.put("last_status", report.lastStatus());
        payload.put("last_error", report.lastError());
        payload.put("last_error_message", DeliveryError.describe(report.lastError()).orElse(null));
        return new NewRunEvent(RunEventType.NOTIFICATION_FAILED, payload,
                RunEventType.NOTIFICATION_FAILED + ":slack:" + transition.wire());
    }
}
