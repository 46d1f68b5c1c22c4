package com.aitesting.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.notification.NotificationOutcome;
import com.aitesting.core.notification.NotificationOutcome.Kind;
import com.aitesting.core.notification.SlackWebhookSettingsUseCases;
import com.aitesting.core.notification.SetSlackWebhook;
import com.aitesting.core.notification.Transition;
import com.aitesting.core.notification.WebhookVault;
import com.aitesting.core.outbound.HostResolver;
import com.aitesting.core.outbound.OutboundPolicy;
import com.aitesting.core.port.RunEventsCommitted;
import com.aitesting.core.secret.AesMasterKey;
import com.aitesting.core.secret.MasterKey;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunFailure;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.Actor;
import com.aitesting.notifier.LoopbackReceiver.Answer;
import com.aitesting.notifier.LoopbackReceiver.Received;
import com.aitesting.postgres.PostgresNotificationSettingsRepository;
import com.aitesting.postgres.EmbeddedDatabase;
import com.aitesting.postgres.PostgresTransactions;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The notifier end to end: EventBridge envelopes in, real runs in embedded PostgreSQL (application role,
 * row-level security), a real HTTP receiver on loopback out. Timings are shortened so retries take
 * milliseconds (20 ms backoff base); timeouts stay at 1 s so a loaded 2-core machine does not time out a
 * receiver that answered.
 */
class SlackNotifierHandlerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TENANTS = new AtomicInteger();

    private static EmbeddedDatabase.Migrated db;
    private static PostgresTransactions tx;
    private static RunLifecycle lifecycle;
    private static LoopbackReceiver receiver;

    private Actor actor;

    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start() {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        db = EmbeddedDatabase.createMigrated();
        tx = new PostgresTransactions(db.appDataSource());
        lifecycle = new RunLifecycle(tx);
        receiver = new LoopbackReceiver();
    }

    @AfterAll
    static void stop() {
        String webhookOrigin = receiver.url("");
        receiver.close();
        db.close();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        // Every test above logged its outcome; none of those lines may carry a webhook URL.
        assertThat(LOGS.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(webhookOrigin));
    }

    @BeforeEach
    void freshTenant() {
        receiver.reset();
        actor = RunLifecycle.actor("t_notify_" + TENANTS.incrementAndGet());
    }

    /** The key the tenants' webhooks are sealed under in this test's database. */
    private static final MasterKey KEY = AesMasterKey.random();
    /** No real DNS: the names a test resolves, and their answers. */
    private static final Map<String, List<InetAddress>> DNS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final HostResolver RESOLVER = host -> {
        List<InetAddress> answer = DNS.get(host);
        if (answer == null) {
            throw new java.net.UnknownHostException(host);
        }
        return answer;
    };

    private static SlackWebhookSettingsUseCases settings() {
        return new SlackWebhookSettingsUseCases(tx, new PostgresNotificationSettingsRepository(tx), new WebhookVault(KEY),
                OutboundPolicy.of(null, true, false));
    }

    private static SlackNotifierHandler handler(boolean withDefaultWebhook) {
        return handler(withDefaultWebhook, true);
    }

    private static SlackNotifierHandler handler(boolean withDefaultWebhook, boolean loopbackAllowed) {
        Map<String, String> env = new HashMap<>(Map.of(
                "PUBLIC_BASE_URL", "http://localhost:8080",
                "SLACK_CONNECT_TIMEOUT_MS", "1000",
                "SLACK_READ_TIMEOUT_MS", "1000",
                "SLACK_MAX_ATTEMPTS", "4",
                "SLACK_BACKOFF_BASE_MS", "20",
                "SLACK_BACKOFF_MAX_MS", "100",
                "SLACK_RETRY_AFTER_MAX_MS", "3000"));
        if (loopbackAllowed) {
            env.put("SLACK_ALLOW_LOOPBACK_HTTP", "true"); // the receiver is on loopback
        }
        if (withDefaultWebhook) {
            env.put("SLACK_WEBHOOK", receiver.url("/default"));
        }
        return new SlackNotifierHandler(NotifierWiring.notifier(NotifierConfig.parse(env), tx, RunEventsCommitted.NOBODY, KEY, RESOLVER));
    }

    /** The envelope as EventBridge delivers it (and as Lambda hands it over: JSON parsed into a Map). */
    private static Map<String, Object> envelope(String eventId, Run run, String status, String error, String cause) {
        Map<String, Object> detail = new HashMap<>();
        String arn = "arn:aws:states:eu-west-1:123456789012:execution:ait-run:" + run.id();
        detail.put("executionArn", arn);
        detail.put("stateMachineArn", "arn:aws:states:eu-west-1:123456789012:stateMachine:ait-run");
        detail.put("name", run.id().toString());
        detail.put("status", status);
        detail.put("startDate", run.createdAt().toEpochMilli());
        detail.put("stopDate", status.equals("RUNNING") ? null : System.currentTimeMillis());
        detail.put("input", "{\"tenant_id\":\"" + run.tenant().value() + "\",\"run_id\":\"" + run.id() + "\"}");
        detail.put("output", null);
        detail.put("error", error);
        detail.put("cause", cause);
        Map<String, Object> envelope = Map.of(
                "version", "0",
                "id", eventId,
                "detail-type", "Step Functions Execution Status Change",
                "source", "aws.states",
                "account", "123456789012",
                "time", "2025-05-01T10:00:00Z",
                "region", "eu-west-1",
                "resources", List.of(arn),
                "detail", detail);
        try {
            return JSON.readValue(JSON.writeValueAsString(envelope), new TypeReference<>() {});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> envelope(Run run, String status) {
        return envelope(UUID.randomUUID().toString(), run, status, null, null);
    }

    /** One result summary per planned step: the given ones first, then "done". */
    private static List<Object> allSteps(Run run, Object... first) {
        List<Object> summaries = new java.util.ArrayList<>(List.of(first));
        while (summaries.size() < run.totalSteps()) {
            summaries.add("done");
        }
        return summaries;
    }

    private Run finishedSteps(Run running) {
        return lifecycle.stepsDone(actor, running, allSteps(running));
    }

    private static JsonNode body(Received received) throws Exception {
        return JSON.readTree(received.body());
    }

    private static String allText(Received received) throws Exception {
        StringBuilder out = new StringBuilder();
        for (JsonNode text : body(received).findValues("text")) {
            out.append(text.isTextual() ? text.asText() : text.path("text").asText()).append('\n');
        }
        return out.toString();
    }

    /** The run's state and history are exactly what they were, plus at most the notifier's audit entry. */
    private void assertRunIntact(Run before, List<RunEvent> eventsBefore) {
        Run after = lifecycle.find(actor, before.id());
        assertThat(after.status()).isEqualTo(before.status());
        assertThat(after.completedSteps()).isEqualTo(before.completedSteps());
        List<RunEvent> eventsAfter = lifecycle.events(actor, before.id());
        assertThat(eventsAfter.subList(0, eventsBefore.size())).isEqualTo(eventsBefore);
        assertThat(eventsAfter.subList(eventsBefore.size(), eventsAfter.size()))
                .allSatisfy(e -> assertThat(e.type()).isEqualTo(RunEventType.NOTIFICATION_FAILED));
        for (int i = 0; i < eventsAfter.size(); i++) {
            assertThat(eventsAfter.get(i).seq()).isEqualTo(i + 1);
        }
    }

    private Map<String, Object> deliveryRow(String eventId) throws Exception {
        try (Connection c = EmbeddedDatabase.superuserDataSource(db.database()).getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT status, attempts, last_status, last_error, transition FROM notification_deliveries WHERE event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Map.of();
                }
                return Map.of("status", r.getString(1), "attempts", r.getInt(2), "last_status", r.getInt(3),
                        "last_error", String.valueOf(r.getString(4)), "transition", r.getString(5));
            }
        }
    }

    // --- the four messages ------------------------------------------------------------------------------

    @Test
    void runningExecutionPostsOneStartedMessageWithTheRunsLink() throws Exception {
        Run run = lifecycle.running(actor);
        List<RunEvent> history = lifecycle.events(actor, run.id());

        NotificationOutcome outcome = handler(true).handle(envelope(run, "RUNNING"));

        assertThat(outcome.kind()).isEqualTo(Kind.SENT);
        assertThat(outcome.transition()).isEqualTo(Transition.STARTED);
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/default");
            assertThat(r.contentType()).startsWith("application/json");
            JsonNode body = body(r);
            assertThat(body.path("text").asText()).startsWith("Run started: run " + run.id())
                    .contains("http://localhost:8080/v1/tests/" + run.id());
            assertThat(body.path("blocks").get(0).path("type").asText()).isEqualTo("header");
            assertThat(allText(r)).contains("Steps planned", String.valueOf(run.totalSteps()), actor.tenant().value());
        });
        assertRunIntact(run, history);
    }

    @Test
    void completedRunPostsDurationStepsAndResultSummaries() throws Exception {
        Run run = lifecycle.running(actor);
        run = lifecycle.stepsDone(actor, run, allSteps(run, "12 hosts up in 10.0.0.0/24", Map.of("open_ports", List.of(22, 443))));
        run = lifecycle.completed(actor, run);
        List<RunEvent> history = lifecycle.events(actor, run.id());

        NotificationOutcome outcome = handler(true).handle(envelope(run, "SUCCEEDED"));

        assertThat(outcome.kind()).isEqualTo(Kind.SENT);
        assertThat(outcome.transition()).isEqualTo(Transition.COMPLETED);
        Received message = receiver.received().getFirst();
        assertThat(receiver.received()).hasSize(1);
        String steps = run.totalSteps() + " steps";
        assertThat(body(message).path("text").asText()).startsWith("Run completed").contains("duration", steps);
        assertThat(allText(message)).contains("*Duration*", "*Steps*\n" + steps, "Results",
                "12 hosts up in 10.0.0.0/24", "open_ports: 22 443", "/v1/tests/" + run.id());
        assertRunIntact(run, history);
    }

    @Test
    void failedRunPostsTheReasonFromRunFailed() throws Exception {
        Run run = lifecycle.running(actor);
        run = lifecycle.stepsDone(actor, run, List.of("12 hosts up"));
        run = lifecycle.failed(actor, run, "TCP top 1000 failed: the scanner agent did not answer");
        List<RunEvent> history = lifecycle.events(actor, run.id());

        NotificationOutcome outcome = handler(true).handle(
                envelope(UUID.randomUUID().toString(), run, "FAILED", "Run.Failed", "The run failed; its run.failed event holds the reason."));

        assertThat(outcome.transition()).isEqualTo(Transition.FAILED);
        assertThat(allText(receiver.received().getFirst())).contains("Run failed",
                "TCP top 1000 failed: the scanner agent did not answer", "1 of " + run.totalSteps());
        assertRunIntact(run, history);
    }

    @Test
    void abortedRunWhoseExecutionSucceededInRunAbortedPostsWhoAborted() throws Exception {
        Run run = lifecycle.running(actor);
        Actor operator = new Actor("alice", "alice@example.com", actor.tenant());
        run = lifecycle.aborted(actor, run, operator);
        List<RunEvent> history = lifecycle.events(actor, run.id());

        // Abort at a checkpoint ends the execution in the RunAborted Succeed state: status SUCCEEDED.
        NotificationOutcome outcome = handler(true).handle(envelope(run, "SUCCEEDED"));

        assertThat(outcome.transition()).isEqualTo(Transition.ABORTED);
        assertThat(allText(receiver.received().getFirst())).contains("Run aborted", "Aborted by",
                "alice (alice@example.com)").doesNotContain("Run completed");
        assertRunIntact(run, history);
    }

    // --- an execution that ended around its run -------------------------------------------------------------

    @Test
    void aRunWhoseExecutionEndedWithoutItFailsWithTheExecutionsOutcomeAndIsAnnouncedAsThat() throws Exception {
        String lambdaCause = "{\"errorMessage\":\"connection refused\",\"errorType\":\"java.lang.IllegalStateException\","
                + "\"stackTrace\":[\"com.aitesting.workflow.handler.FailRunHandler.handleRequest(FailRunHandler.java:41)\"]}";
        Map<String, RunFailure> outcomes = Map.of("FAILED", RunFailure.EXECUTION_FAILED,
                "TIMED_OUT", RunFailure.EXECUTION_TIMED_OUT, "ABORTED", RunFailure.EXECUTION_STOPPED);
        for (Map.Entry<String, RunFailure> outcome : outcomes.entrySet()) {
            receiver.reset();
            Run run = lifecycle.stepsDone(actor, lifecycle.running(actor), List.of("12 hosts up"));
            int before = lifecycle.events(actor, run.id()).size();
            Map<String, Object> event = envelope(UUID.randomUUID().toString(), run, outcome.getKey(),
                    "java.lang.IllegalStateException", lambdaCause);

            NotificationOutcome announced = handler(true).handle(event);

            Run after = lifecycle.find(actor, run.id());
            assertThat(after.status()).as(outcome.getKey()).isEqualTo(RunStatus.FAILED);
            assertThat(after.finishedAt()).as(outcome.getKey()).isNotNull();
            List<RunEvent> events = lifecycle.events(actor, run.id());
            assertThat(events).as(outcome.getKey()).hasSize(before + 1);
            RunEvent failed = events.getLast();
            assertThat(failed.type()).isEqualTo(RunEventType.RUN_FAILED);
            assertThat(failed.seq()).isEqualTo(before + 1);
            assertThat(failed.payload()).containsEntry("code", outcome.getValue().code());
            String reference = String.valueOf(failed.payload().get("reference"));
            assertThat(after.failureReason()).isEqualTo(outcome.getValue().reason(reference));
            assertThat(announced.transition()).isEqualTo(Transition.FAILED);
            String text = allText(receiver.received().getFirst());
            assertThat(text).contains("Run failed", outcome.getValue().sentence(), reference)
                    .doesNotContain("IllegalStateException", "stackTrace", "FailRunHandler", "connection refused");
            assertThat(failed.payload().toString()).doesNotContain("IllegalStateException", "stackTrace");

            // the same status change again (EventBridge redelivers): nothing is written twice, nothing posted twice
            handler(true).handle(event);
            assertThat(lifecycle.events(actor, run.id())).hasSize(before + 1);
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void anExecutionThatStillRunsOrSucceededLeavesItsRunAsItIs() throws Exception {
        Run run = lifecycle.running(actor);
        List<RunEvent> history = lifecycle.events(actor, run.id());

        handler(true).handle(envelope(run, "RUNNING"));
        handler(true).handle(envelope(run, "SUCCEEDED"));

        assertRunIntact(run, history);
        assertThat(lifecycle.find(actor, run.id()).status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void abortedRunWhoseExecutionWasStoppedPostsTheSameAbortMessage() throws Exception {
        Run run = lifecycle.aborted(actor, lifecycle.running(actor), actor);
        List<RunEvent> history = lifecycle.events(actor, run.id());

        NotificationOutcome outcome = handler(true).handle(envelope(run, "ABORTED"));

        assertThat(outcome.transition()).isEqualTo(Transition.ABORTED);
        assertThat(allText(receiver.received().getFirst())).contains("Run aborted", "yered (yered@example.com)");
        assertRunIntact(run, history);
    }

    // --- delivery ----------------------------------------------------------------------------------------

    @Test
    void serverErrorThenSuccessDeliversOneMessageInTwoAttempts() throws Exception {
        Run run = lifecycle.running(actor);
        List<RunEvent> history = lifecycle.events(actor, run.id());
        receiver.script("/default", Answer.status(500), Answer.status(200));
        Map<String, Object> event = envelope(run, "RUNNING");

        NotificationOutcome outcome = handler(true).handle(event);

        assertThat(outcome.kind()).isEqualTo(Kind.SENT);
        assertThat(outcome.report().attempts()).isEqualTo(2);
        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(0).body()).isEqualTo(receiver.received().get(1).body());
        assertThat(deliveryRow((String) event.get("id"))).containsEntry("status", "sent").containsEntry("attempts", 2);
        assertRunIntact(run, history);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterThenDelivers() throws Exception {
        Run run = lifecycle.running(actor);
        List<RunEvent> history = lifecycle.events(actor, run.id());
        receiver.script("/default", new Answer(429, Map.of("Retry-After", "1"), 0));

        NotificationOutcome outcome = handler(true).handle(envelope(run, "RUNNING"));

        assertThat(outcome.kind()).isEqualTo(Kind.SENT);
        List<Received> received = receiver.received();
        assertThat(received).hasSize(2);
        assertThat(Duration.ofNanos(received.get(1).atNanos() - received.get(0).atNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertRunIntact(run, history);
    }

    @Test
    void receiverHangingPastTheReadTimeoutIsRetriedThenRecordedAsNotificationFailed() throws Exception {
        Run run = lifecycle.running(actor);
        List<RunEvent> history = lifecycle.events(actor, run.id());
        receiver.script("/default", Answer.hang(2500), Answer.hang(2500), Answer.hang(2500), Answer.hang(2500));
        Map<String, Object> event = envelope(run, "RUNNING");

        long start = System.nanoTime();
        NotificationOutcome outcome = handler(true).handle(event);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcome.kind()).isEqualTo(Kind.GAVE_UP);
        assertThat(outcome.report().attempts()).isEqualTo(4);
        assertThat(outcome.failureRecorded()).isTrue();
        assertThat(receiver.received()).hasSize(4);
        assertThat(took).isBetween(Duration.ofMillis(4 * 1000), Duration.ofMillis(4 * 2500));
        RunEvent failed = lifecycle.events(actor, run.id()).getLast();
        assertThat(failed.type()).isEqualTo(RunEventType.NOTIFICATION_FAILED);
        assertThat(failed.payload()).containsEntry("transition", "started").containsEntry("attempts", 4)
                .containsEntry("last_error", "timeout").containsEntry("last_status", 0);
        assertThat(failed.payload().toString()).doesNotContain("127.0.0.1").doesNotContain("/default");
        assertThat(deliveryRow((String) event.get("id"))).containsEntry("status", "failed").containsEntry("attempts", 4);
        assertThat(lifecycle.find(actor, run.id()).status()).isEqualTo(RunStatus.RUNNING);
        assertRunIntact(run, history);
    }

    @Test
    void revokedWebhookIsPermanentAfterOneAttempt() throws Exception {
        Run run = lifecycle.running(actor);
        receiver.script("/default", Answer.status(404));

        NotificationOutcome outcome = handler(true).handle(envelope(run, "RUNNING"));

        assertThat(outcome.kind()).isEqualTo(Kind.GAVE_UP);
        assertThat(receiver.received()).hasSize(1);
        assertThat(lifecycle.events(actor, run.id()).getLast().payload()).containsEntry("last_status", 404);
    }

    @Test
    void givingUpAfterTheTerminalEventIsRecordedAsNotificationFailedAfterIt() throws Exception {
        Run run = lifecycle.completed(actor, finishedSteps(lifecycle.running(actor)));
        List<RunEvent> history = lifecycle.events(actor, run.id());
        receiver.script("/default", Answer.status(503), Answer.status(503), Answer.status(503), Answer.status(503));
        Map<String, Object> event = envelope(run, "SUCCEEDED");

        NotificationOutcome outcome = handler(true).handle(event);

        assertThat(outcome.kind()).isEqualTo(Kind.GAVE_UP);
        assertThat(deliveryRow((String) event.get("id"))).containsEntry("status", "failed")
                .containsEntry("last_status", 503).containsEntry("transition", "completed");
        List<RunEvent> after = lifecycle.events(actor, run.id());
        assertThat(outcome.failureRecorded()).isTrue();
        assertThat(after.getLast().type()).isEqualTo(RunEventType.NOTIFICATION_FAILED);
        assertThat(after.get(after.size() - 2).type()).isEqualTo(RunEventType.RUN_COMPLETED);
        assertThat(lifecycle.find(actor, run.id()).status()).isEqualTo(RunStatus.COMPLETED);
        assertRunIntact(run, history);
    }

    // --- deduplication -----------------------------------------------------------------------------------

    @Test
    void sameEnvelopeDeliveredTwicePostsOneMessage() throws Exception {
        Run run = lifecycle.completed(actor, finishedSteps(lifecycle.running(actor)));
        List<RunEvent> history = lifecycle.events(actor, run.id());
        Map<String, Object> event = envelope(run, "SUCCEEDED");
        SlackNotifierHandler handler = handler(true);

        NotificationOutcome first = handler.handle(event);
        NotificationOutcome second = handler.handle(event);

        assertThat(first.kind()).isEqualTo(Kind.SENT);
        assertThat(second.kind()).isEqualTo(Kind.DUPLICATE);
        assertThat(receiver.received()).hasSize(1);
        assertRunIntact(run, history);
    }

    @Test
    void sameEnvelopeDeliveredConcurrentlyPostsOneMessage() throws Exception {
        Run run = lifecycle.running(actor);
        Map<String, Object> event = envelope(run, "RUNNING");
        SlackNotifierHandler handler = handler(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<NotificationOutcome>> copies = List.of(() -> handler.handle(event), () -> handler.handle(event),
                    () -> handler.handle(event), () -> handler.handle(event));
            List<Kind> kinds = new java.util.ArrayList<>();
            for (Future<NotificationOutcome> f : pool.invokeAll(copies)) {
                kinds.add(f.get().kind());
            }
            assertThat(kinds).containsOnlyOnce(Kind.SENT).containsOnly(Kind.SENT, Kind.DUPLICATE);
        } finally {
            pool.shutdownNow();
        }
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void sameTransitionUnderAnotherEventIdPostsNothingMore() throws Exception {
        Run run = lifecycle.running(actor);
        SlackNotifierHandler handler = handler(true);

        handler.handle(envelope(run, "RUNNING"));
        NotificationOutcome again = handler.handle(envelope(run, "RUNNING"));

        assertThat(again.kind()).isEqualTo(Kind.DUPLICATE);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void claimLeftPendingByADeadNotifierIsTakenOverByTheRedelivery() throws Exception {
        Run run = lifecycle.running(actor);
        Map<String, Object> event = envelope(run, "RUNNING");
        String eventId = (String) event.get("id");
        // A notifier claimed the event and died before posting: the row stays pending, and its lease runs out.
        try (Connection c = EmbeddedDatabase.superuserDataSource(db.database()).getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO notification_deliveries (event_id, tenant_id, run_id, "
                     + "transition, claimed_at) VALUES (?, ?, ?, 'started', now() - interval '1 hour')")) {
            s.setString(1, eventId);
            s.setString(2, actor.tenant().value());
            s.setObject(3, run.id().value());
            s.executeUpdate();
        }

        NotificationOutcome outcome = handler(true).handle(event);

        assertThat(outcome.kind()).isEqualTo(Kind.SENT);
        assertThat(receiver.received()).hasSize(1);
        assertThat(deliveryRow(eventId)).containsEntry("status", "sent");
    }

    @Test
    void freshPendingClaimIsLeftToItsOwner() throws Exception {
        Run run = lifecycle.running(actor);
        Map<String, Object> event = envelope(run, "RUNNING");
        try (Connection c = EmbeddedDatabase.superuserDataSource(db.database()).getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO notification_deliveries (event_id, tenant_id, run_id, "
                     + "transition) VALUES (?, ?, ?, 'started')")) {
            s.setString(1, (String) event.get("id"));
            s.setString(2, actor.tenant().value());
            s.setObject(3, run.id().value());
            s.executeUpdate();
        }

        assertThat(handler(true).handle(event).kind()).isEqualTo(Kind.DUPLICATE);
        assertThat(receiver.received()).isEmpty();
    }

    // --- webhook resolution ------------------------------------------------------------------------------

    @Test
    void noWebhookAnywhereSendsNothingAndFailsNothing() throws Exception {
        Run run = lifecycle.completed(actor, finishedSteps(lifecycle.running(actor)));
        List<RunEvent> history = lifecycle.events(actor, run.id());
        Map<String, Object> event = envelope(run, "SUCCEEDED");

        NotificationOutcome outcome = handler(false).handle(event);

        assertThat(outcome.kind()).isEqualTo(Kind.NO_WEBHOOK);
        assertThat(receiver.received()).isEmpty();
        assertThat(deliveryRow((String) event.get("id"))).isEmpty();
        assertRunIntact(run, history);
    }

    @Test
    void tenantsOwnWebhookOverridesTheDefaultAndOnlyForThatTenant() throws Exception {
        settings()
                .set(actor, SetSlackWebhook.of(receiver.url("/tenant-own/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX")));
        Run own = lifecycle.running(actor);
        Actor other = RunLifecycle.actor("t_other_" + TENANTS.incrementAndGet());
        Run others = lifecycle.running(other);
        SlackNotifierHandler handler = handler(true);

        handler.handle(envelope(own, "RUNNING"));
        handler.handle(envelope(others, "RUNNING"));

        assertThat(receiver.received("/tenant-own/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX")).singleElement()
                .satisfies(r -> assertThat(r.body()).contains(own.id().toString()));
        assertThat(receiver.received("/default")).singleElement()
                .satisfies(r -> assertThat(r.body()).contains(others.id().toString()));
    }

    @Test
    void tenantWebhookWorksWithoutADefault() throws Exception {
        settings()
                .set(actor, SetSlackWebhook.of(receiver.url("/tenant-only")));
        Run run = lifecycle.running(actor);

        assertThat(handler(false).handle(envelope(run, "RUNNING")).kind()).isEqualTo(Kind.SENT);
        assertThat(receiver.received("/tenant-only")).hasSize(1);
    }

    // --- outbound policy at send time ---------------------------------------------------------------------

    /** A TCP listener on loopback that only counts connections: the proof that nothing connected. */
    /** Listens on 443 (a webhook host is reached there only) of a loopback address of its own. */
    private static final class CountingListener implements AutoCloseable {
        static final byte[] ADDRESS = {127, 0, 85, 2};
        private final java.net.ServerSocket socket;
        private final AtomicInteger accepts = new AtomicInteger();

        CountingListener() throws java.io.IOException {
            socket = new java.net.ServerSocket(443, 50, InetAddress.getByAddress(ADDRESS));
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (java.net.Socket accepted = socket.accept()) {
                        accepts.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return; // closed
                    }
                }
            });
        }

        int accepts() {
            return accepts.get();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    @Test
    void anAllowedNameResolvingToLoopbackIsRefusedAtSendNothingConnectsAndNotificationFailedSaysWhy() throws Exception {
        try (CountingListener listener = new CountingListener()) {
            // The tenant's webhook names Slack's host; "DNS" answers with this machine's loopback listener.
            settings().set(actor, SetSlackWebhook.of("https://hooks.slack.com/services/T0REBIND/B0REBIND/XXXXXXXXXXXXXXXXXXXXXXXX"));
            DNS.put("hooks.slack.com", List.of(InetAddress.getByAddress("hooks.slack.com", CountingListener.ADDRESS)));
            Run run = lifecycle.running(actor);
            List<RunEvent> history = lifecycle.events(actor, run.id());

            NotificationOutcome outcome = handler(false, false).handle(envelope(run, "RUNNING"));

            assertThat(outcome.kind()).isEqualTo(Kind.GAVE_UP);
            assertThat(outcome.report().lastError()).isEqualTo("loopback_address");
            assertThat(outcome.report().attempts()).as("refused for good, not retried").isEqualTo(1);
            assertThat(listener.accepts()).as("connections to the listener").isZero();
            RunEvent failed = lifecycle.events(actor, run.id()).getLast();
            assertThat(failed.type()).isEqualTo(RunEventType.NOTIFICATION_FAILED);
            assertThat(failed.payload()).containsEntry("last_error", "loopback_address")
                    .containsEntry("last_error_message", "Not sent: the webhook URL points to a loopback address.");
            assertThat(failed.payload().toString()).doesNotContain("Exception", "T0REBIND", "127.0.85.2");
            assertRunIntact(run, history);
        } finally {
            DNS.clear();
        }
    }

    @Test
    void aPlainTextRowFromBeforeTheSealingIsSealedOnFirstReadAndItsForbiddenUrlIsNeverPosted() throws Exception {
        try (Connection c = EmbeddedDatabase.superuserDataSource(db.database()).getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO notification_settings (tenant_id, slack_webhook_url, "
                     + "updated_by) VALUES (?, 'https://169.254.169.254/latest/meta-data/iam/LEGACYROW', 'old')")) {
            s.setString(1, actor.tenant().value());
            s.executeUpdate();
        }
        Run run = lifecycle.running(actor);

        NotificationOutcome outcome = handler(true).handle(envelope(run, "RUNNING"));

        assertThat(outcome.kind()).isEqualTo(Kind.GAVE_UP);
        assertThat(outcome.report().lastError()).isEqualTo("link_local_address");
        assertThat(outcome.report().attempts()).isZero();
        assertThat(receiver.received()).as("neither the tenant's URL nor the default got the message").isEmpty();
        try (Connection c = EmbeddedDatabase.superuserDataSource(db.database()).getConnection();
             PreparedStatement s = c.prepareStatement("SELECT slack_webhook_url, slack_webhook_sealed, slack_webhook_masked, "
                     + "updated_by FROM notification_settings WHERE tenant_id = ?")) {
            s.setString(1, actor.tenant().value());
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).as("plain text gone").isNull();
                assertThat(new String(r.getBytes(2), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("LEGACYROW");
                assertThat(r.getString(3)).isEqualTo("https://169.254.169.254/…YROW");
                assertThat(r.getString(4)).isEqualTo("old");
            }
        }
    }

    // --- what is not ours --------------------------------------------------------------------------------

    @Test
    void envelopeNamingAnotherTenantsRunIsDroppedWithoutSending() throws Exception {
        Run run = lifecycle.running(actor);
        Map<String, Object> event = envelope(run, "RUNNING");
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) event.get("detail");
        detail.put("input", "{\"tenant_id\":\"t_intruder\",\"run_id\":\"" + run.id() + "\"}");

        assertThat(handler(true).handle(event).kind()).isEqualTo(Kind.UNKNOWN_RUN);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void somethingThatIsNotAStatusChangeIsIgnoredViaTheLambdaEntryPoint() {
        assertThat(handler(true).handleRequest(Map.of("detail-type", "Scheduled Event", "id", "x"), null))
                .isEqualTo("ignored");
        assertThat(receiver.received()).isEmpty();
    }
}
