package com.aitesting.notifier;

import com.aitesting.core.notification.ExecutionStatusChange;
import com.aitesting.core.notification.NotificationOutcome;
import com.aitesting.core.notification.NotifyRunTransition;
import com.aitesting.core.secret.MasterKey;
import com.aitesting.core.workflow.EndRunWithExecution;
import com.aitesting.postgres.PostgresTransactions;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target of the run state machine's "Execution Status Change" events: of the EventBridge rule on AWS, and
 * of the embedded engine's status listener on one machine. Parses the envelope, ends the run when its
 * execution ended without it ({@link EndRunWithExecution}), then announces the run in Slack
 * ({@link NotifyRunTransition}); returns the announcement's outcome name (e.g. "sent", "duplicate").
 *
 * <p>An envelope that is not a status change of one of our runs is logged and dropped: retrying cannot fix it.
 * A database failure propagates, so that Lambda's asynchronous retry redelivers the event (the claim makes
 * that safe); the in-process caller must catch it, because a run must never depend on its notification.
 */
public final class SlackNotifierHandler implements RequestHandler<Map<String, Object>, String> {
    private static final Logger log = LoggerFactory.getLogger(SlackNotifierHandler.class);

    private final EndRunWithExecution endRun;
    private final NotifyRunTransition notifyRunTransition;

    /** Lambda: configuration from the environment, parsed once per container (see {@link NotifierWiring}). */
    public SlackNotifierHandler() {
        this(NotifierWiring.fromEnvironment());
    }

    /** In-process runtime: the local app's transactions (its pool, bound as the application role) and key. */
    public SlackNotifierHandler(NotifierConfig config, PostgresTransactions transactions, MasterKey webhookKey) {
        this(NotifierWiring.notifier(config, transactions, webhookKey));
    }

    public SlackNotifierHandler(NotifierWiring.Notifier notifier) {
        this.endRun = notifier.endRun();
        this.notifyRunTransition = notifier.announce();
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return handle(event).kind().name().toLowerCase(Locale.ROOT);
    }

    public NotificationOutcome handle(Map<String, Object> event) {
        ExecutionStatusChange change;
        try {
            change = ExecutionStatusEnvelope.parse(event);
        } catch (InvalidEnvelopeException e) {
            log.warn("Dropped an event that is not a run's execution status change: {}", e.getMessage());
            return new NotificationOutcome(NotificationOutcome.Kind.IGNORED, null, null, false);
        }
        endRun.execute(change); // before the announcement, which then reports the failure the run records
        NotificationOutcome outcome = notifyRunTransition.handle(change);
        switch (outcome.kind()) {
            case GAVE_UP -> log.warn("Slack notification for run {} ({}) gave up after {} attempts, last error {}; "
                            + "notification.failed {}", change.run(), outcome.transition().wire(),
                    outcome.report().attempts(), outcome.report().lastError(),
                    outcome.failureRecorded() ? "recorded" : "NOT recorded (the run's history is closed)");
            case UNKNOWN_RUN -> log.warn("Status change {} names run {} which tenant {} does not have",
                    change.eventId(), change.run(), change.tenant());
            default -> log.info("Run {} execution {}: notification {}{}", change.run(),
                    change.status().name().toLowerCase(Locale.ROOT), outcome.kind().name().toLowerCase(Locale.ROOT),
                    outcome.transition() == null ? "" : " (" + outcome.transition().wire() + ")");
        }
        return outcome;
    }
}
