package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits "Step Functions Execution Status Change" EventBridge envelopes. Each listener has its own queue
 * drained by one virtual thread: events reach it in order, and a slow or failing listener delays nobody.
 */
final class StatusChangeEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusChangeEvents.class);

    private record Subscription(Consumer<ObjectNode> listener, ExecutorService queue) {
    }

    private final List<Subscription> subscriptions;
    private final String region;
    private final String account;

    StatusChangeEvents(List<Consumer<ObjectNode>> listeners, String region, String account) {
        this.subscriptions = listeners.stream()
                .map(l -> new Subscription(l, Executors.newSingleThreadExecutor(Thread.ofVirtual().name("sfn-local-events").factory())))
                .toList();
        this.region = region;
        this.account = account;
    }

    void publish(ExecutionDescription execution) {
        for (Subscription s : subscriptions) {
            ObjectNode event = envelope(execution, region, account);
            s.queue().execute(() -> {
                try {
                    s.listener().accept(event);
                } catch (RuntimeException e) {
                    LOG.error("Execution status listener failed on {} {}", execution.executionArn(), execution.status(), e);
                }
            });
        }
    }

    static ObjectNode envelope(ExecutionDescription e, String region, String account) {
        ObjectNode event = Json.object()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", "Step Functions Execution Status Change")
                .put("source", "aws.states")
                .put("account", account)
                .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", region);
        event.putArray("resources").add(e.executionArn());
        ObjectNode detail = event.putObject("detail")
                .put("executionArn", e.executionArn())
                .put("stateMachineArn", e.stateMachineArn())
                .put("name", e.name())
                .put("status", e.status().name())
                .put("startDate", e.startDate().toEpochMilli());
        if (e.stopDate() == null) {
            detail.putNull("stopDate");
        } else {
            detail.put("stopDate", e.stopDate().toEpochMilli());
        }
        detail.put("input", e.input()).put("output", e.output()).put("error", e.error()).put("cause", e.cause());
        detail.putObject("inputDetails").put("included", true);
        if (e.output() == null) {
            detail.putNull("outputDetails");
        } else {
            detail.putObject("outputDetails").put("included", true);
        }
        return event;
    }

    @Override
    public void close() {
        subscriptions.forEach(s -> s.queue().shutdown()); // queued events are still delivered
    }
}
