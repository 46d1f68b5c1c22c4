package com.aitesting.local;

import com.aitesting.notifier.SlackNotifierHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.aitesting.postgres.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded engine's "Execution Status Change" listener: hands each envelope to the notifier handler, as
 * the EventBridge rule does on AWS. The engine feeds a listener from one queue, so one Slack that hangs
 * through its retries would hold back every other run's messages; here each run's messages go out in order
 * (started before completed) on a thread of their own, and runs do not wait for each other.
 */
final class NotifierPart implements Consumer<ObjectNode>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifierPart.class);
    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    /** How long close() lets deliveries in flight finish; a normal stop right after a run still announces it. */
    private static final Duration GRACE = Duration.ofSeconds(3);

    private final SlackNotifierHandler handler;
    private final ExecutorService deliveries = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("ait-notifier-", 0).factory());
    private final Map<String, CompletableFuture<Void>> latestByExecution = new ConcurrentHashMap<>();

    NotifierPart(SlackNotifierHandler handler) {
        this.handler = handler;
    }

    @Override
    public void accept(ObjectNode envelope) {
        String execution = envelope.path("detail").path("executionArn").asText("");
        Map<String, Object> event = JSON.convertValue(envelope, MAP);
        if (deliveries.isShutdown()) {
            log.info("Stopping: the status change of {} is not announced", execution);
            return;
        }
        CompletableFuture<Void> queued = latestByExecution.compute(execution, (key, previous) ->
                (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous.exceptionally(e -> null))
                        .thenRunAsync(() -> deliver(event), deliveries));
        queued.whenComplete((ok, e) -> latestByExecution.remove(execution, queued));
    }

    /** A run never depends on its notification: every failure ends here, logged. */
    private void deliver(Map<String, Object> event) {
        try {
            handler.handle(event);
        } catch (RuntimeException e) {
            log.warn("Slack notification for a run status change failed and is dropped", e);
        }
    }

    /**
     * Waits briefly for deliveries in flight. One cut short leaves its claim pending; the engine does not
     * re-send status changes after a restart, so that message is not sent (docs/runs.md).
     */
    @Override
    public void close() {
        deliveries.shutdown();
        try {
            if (!deliveries.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                deliveries.shutdownNow();
            }
        } catch (InterruptedException e) {
            deliveries.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
