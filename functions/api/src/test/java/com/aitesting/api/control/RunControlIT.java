package com.aitesting.api.control;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * POST /v2/runs/{run_id}/control over real HTTP against the real server and embedded PostgreSQL: every
 * (status x action) pair, repeats, concurrent controls, bad bodies, and other tenants. Runs are created through the API
 * (queued, no workflow engine bound) and moved to each status through the real run repository.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunControlIT {
    private static final String ALLOWED = "pause, resume, abort";

    private TestServer server;
    private Api alice;
    private Api bob;
    private String engagement;
    private String plan;
    private PostgresTransactions tx;
    private RunRepository runs;
    private PostgresRunEventStore events;

    @BeforeAll
    void start() {
        server = TestServer.start();
        alice = new Api(server, "t_alice");
        bob = new Api(server, "t_bob");
        engagement = alice.createEngagement().path("id").asText();
        plan = alice.createPlan(engagement).path("id").asText();
        tx = new PostgresTransactions(server.database().appDataSource());
        runs = new PostgresRunRepository(tx);
        events = new PostgresRunEventStore(tx);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** What each action does from each status: the resulting status and the event, or 409. */
    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (RunStatus status : RunStatus.values()) {
            for (String action : List.of("pause", "resume", "abort")) {
                cases.add(Arguments.of(status, action, expected(status, action)));
            }
        }
        return cases.stream();
    }

    /** null: 409. Otherwise the status after the action and the event written (null: accepted, no event). */
    record Expected(RunStatus status, String event) {}

    private static Expected expected(RunStatus from, String action) {
        if (from == RunStatus.ABORTED && action.equals("abort")) {
            return new Expected(RunStatus.ABORTED, null); // the same abort again: accepted, nothing written
        }
        if (from.isTerminal()) {
            return null;
        }
        return switch (action) {
            case "pause" -> switch (from) {
                case RUNNING -> new Expected(RunStatus.PAUSING, RunEventType.RUN_PAUSE_REQUESTED);
                case PAUSING, PAUSED -> new Expected(from, null); // already on its way: accepted, nothing written
                default -> null; // a queued run has no step boundary to pause at yet
            };
            case "resume" -> from == RunStatus.PAUSING || from == RunStatus.PAUSED
                    ? new Expected(RunStatus.RUNNING, RunEventType.RUN_RESUMED) : null;
            case "abort" -> new Expected(RunStatus.ABORTED, RunEventType.RUN_ABORTED);
            default -> throw new IllegalArgumentException(action);
        };
    }

    /**
     * GET /v2/run-lifecycle, which the console follows a run by, says what the matrix says: an action moves
     * a run exactly in the statuses it lists for it, and the event it writes leaves the run in the status
     * the document names for that event.
     */
    @Test
    void theLifecycleRulesServedToClientsAreTheOnesControlsApply() {
        TestServer.Response r = alice.get("/v2/run-lifecycle");
        assertThat(r.status()).isEqualTo(200);
        JsonNode lifecycle = r.json();
        assertThat(lifecycle.path("statuses")).extracting(JsonNode::asText)
                .containsExactly(java.util.Arrays.stream(RunStatus.values()).map(RunStatus::wire).toArray(String[]::new));
        assertThat(lifecycle.path("ended")).extracting(JsonNode::asText).containsExactly("completed", "failed", "aborted");
        assertThat(lifecycle.path("status_after").path("run.queued").asText()).isEqualTo("queued");
        for (String action : List.of("pause", "resume", "abort")) {
            List<String> moves = new ArrayList<>();
            lifecycle.path("controls").path(action).forEach(s -> moves.add(s.asText()));
            for (RunStatus status : RunStatus.values()) {
                Expected expected = expected(status, action);
                boolean writes = expected != null && expected.event() != null;
                assertThat(moves.contains(status.wire())).as("%s listed for %s", action, status).isEqualTo(writes);
                if (writes) {
                    assertThat(lifecycle.path("status_after").path(expected.event()).asText()).as(expected.event())
                            .isEqualTo(expected.status().wire());
                }
            }
        }
    }

    @ParameterizedTest(name = "{1} on a {0} run")
    @MethodSource("matrix")
    void eachActionFromEachStatusEndsAsSpecified(RunStatus from, String action, Expected expected) {
        RunId run = runIn(from);
        List<RunEvent> before = history(run);

        TestServer.Response r = control(alice, run, "{\"action\":\"" + action + "\"}");

        if (expected == null) {
            JsonNode problem = assertProblem(r, 409, "invalid-transition");
            assertThat(problem.path("detail").asText()).contains(from.wire());
            assertThat(problem.path("current_status").asText()).isEqualTo(from.wire());
            assertThat(status(run)).isEqualTo(from);
            assertThat(history(run)).isEqualTo(before);
            return;
        }
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.path("run_id").asText()).isEqualTo(run.toString());
        assertThat(body.path("action").asText()).isEqualTo(action);
        assertThat(body.path("accepted").asBoolean()).isTrue();
        assertThat(body.path("status").asText()).isEqualTo(expected.status().wire());
        assertThat(status(run)).isEqualTo(expected.status());

        List<RunEvent> written = history(run).subList(before.size(), history(run).size());
        if (expected.event() == null) {
            assertThat(written).isEmpty();
        } else {
            assertThat(written).extracting(RunEvent::type).containsExactly(expected.event());
            assertIssuedByAlice(written.get(0), action);
        }
    }

    @ParameterizedTest(name = "the same {0} twice")
    @ValueSource(strings = {"pause", "resume", "abort"})
    void theSameActionTwiceIsAcceptedWithoutASecondEvent(String action) {
        RunId run = runIn(action.equals("resume") ? RunStatus.PAUSED : RunStatus.RUNNING);
        String body = "{\"action\":\"" + action + "\"}";
        TestServer.Response first = control(alice, run, body);
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        List<RunEvent> afterFirst = history(run);

        TestServer.Response second = control(alice, run, body);

        assertThat(second.status()).as("%s", second).isEqualTo(200);
        assertThat(second.json().path("status").asText()).isEqualTo(first.json().path("status").asText());
        assertThat(history(run)).isEqualTo(afterFirst);
    }

    @Test
    void resumingARunningRunThatWasNeverPausedIsAConflict() {
        RunId run = runIn(RunStatus.RUNNING);
        List<RunEvent> before = history(run);

        JsonNode problem = assertProblem(control(alice, run, "{\"action\":\"resume\"}"), 409, "invalid-transition");

        assertThat(problem.path("current_status").asText()).isEqualTo("running");
        assertThat(history(run)).isEqualTo(before);
    }

    @Test
    void anyOtherActionOnAnAbortedRunIsRefusedAndWritesNothing() {
        RunId run = runIn(RunStatus.RUNNING);
        assertThat(control(alice, run, "{\"action\":\"abort\"}").status()).isEqualTo(200);
        List<RunEvent> afterAbort = history(run);

        for (String action : List.of("pause", "resume")) {
            JsonNode problem = assertProblem(control(alice, run, "{\"action\":\"" + action + "\"}"), 409, "invalid-transition");
            assertThat(problem.path("current_status").asText()).isEqualTo("aborted");
        }
        assertThat(history(run)).isEqualTo(afterAbort);
        assertThat(afterAbort.get(afterAbort.size() - 1).type()).isEqualTo(RunEventType.RUN_ABORTED);
    }

    @ParameterizedTest(name = "body {0}")
    @ValueSource(strings = {
            "{\"action\":\"stop\"}", "{\"action\":\"PAUSE\"}", "{}", "{\"action\":null}", "{\"action\":1}",
            "{\"action\":[\"pause\"]}", "{\"action\":\"pause\",\"force\":true}", "[\"pause\"]", "\"pause\"",
            "{\"action\":", "not json", ""})
    void aMalformedBodyOrUnknownActionIsA400ListingTheAllowedActions(String body) {
        RunId run = runIn(RunStatus.RUNNING);
        List<RunEvent> before = history(run);

        JsonNode problem = assertProblem(control(alice, run, body), 400, "validation");

        assertThat(problem.path("errors")).isNotEmpty();
        assertThat(problem.path("errors").get(0).path("message").asText()).contains(ALLOWED);
        assertThat(problem.path("detail").asText()).contains(ALLOWED);
        assertThat(status(run)).isEqualTo(RunStatus.RUNNING);
        assertThat(history(run)).isEqualTo(before);
    }

    /** Bytes that a lenient UTF-8 decoder reads as "pause" (C1 A1 and E0 81 A1 are overlong forms of "a"). */
    @ParameterizedTest(name = "body {0}")
    @ValueSource(strings = {"{\"action\":\"p\u00c1\u00a1use\"}", "{\"action\":\"p\u00e0\u0081\u00a1use\"}"})
    void aBodyThatIsNotWellFormedUtf8IsA400AndNoControl(String latin1) {
        RunId run = runIn(RunStatus.RUNNING);
        List<RunEvent> before = history(run);

        JsonNode problem = assertProblem(server.send("POST", "/v2/runs/" + run + "/control", "application/json",
                latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), Api.devHeaders("t_alice")), 400, "validation");

        assertThat(problem.path("detail").asText()).contains(ALLOWED);
        assertThat(status(run)).isEqualTo(RunStatus.RUNNING);
        assertThat(history(run)).isEqualTo(before);
    }

    /** The body is JSON, so UTF-8 whatever the charset parameter says: one the JDK does not know is no 500. */
    @ParameterizedTest(name = "Content-Type {0}")
    @ValueSource(strings = {"application/json; charset=bogus", "application/json; charset=x-unknown",
            "application/json; charset=@@", "application/json; charset=", "application/json; charset=utf-8"})
    void theCharsetParameterDoesNotChangeHowTheBodyIsRead(String contentType) {
        RunId run = runIn(RunStatus.RUNNING);

        TestServer.Response r = server.send("POST", "/v2/runs/" + run + "/control", contentType,
                "{\"action\":\"pause\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Api.devHeaders("t_alice"));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(status(run)).isEqualTo(RunStatus.PAUSING);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pause", "resume", "abort"})
    void anotherTenantsRunIsNotFoundAndUnchanged(String action) {
        RunId run = runIn(RunStatus.PAUSED);
        List<RunEvent> before = history(run);

        assertProblem(control(bob, run, "{\"action\":\"" + action + "\"}"), 404, "not-found");

        assertThat(status(run)).isEqualTo(RunStatus.PAUSED);
        assertThat(history(run)).isEqualTo(before);
    }

    @Test
    void anUnknownOrMalformedRunIdIsNotFound() {
        assertProblem(control(alice, RunId.random(), "{\"action\":\"abort\"}"), 404, "not-found");
        assertProblem(alice.post("/v2/runs/not-a-uuid/control", "{\"action\":\"abort\"}"), 404, "not-found");
    }

    @Test
    void aCallerWithoutCredentialsIsRefusedAndNothingChanges() {
        RunId run = runIn(RunStatus.RUNNING);

        TestServer.Response r = server.postJson("/v2/runs/" + run + "/control", "{\"action\":\"abort\"}", Map.of());

        assertProblem(r, 401, "unauthorized");
        assertThat(status(run)).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void concurrentControlsEndInOneValidStateWithAWellFormedHistory() throws Exception {
        // Half the rounds without abort, so that pause/resume races are not cut short by an early abort.
        List<String> withoutAbort = List.of("pause", "resume");
        List<String> withAbort = List.of("pause", "resume", "pause", "resume", "abort");
        for (int round = 0; round < 8; round++) {
            List<String> actions = round < 4 ? withoutAbort : withAbort;
            RunId run = runIn(RunStatus.RUNNING);
            int eventsBefore = history(run).size();
            List<Integer> codes = new ArrayList<>();
            List<Integer> pauseCodes = new ArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
                List<Future<Integer>> calls = new ArrayList<>();
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    String action = actions.get((i + round) % actions.size());
                    String body = "{\"action\":\"" + action + "\"}";
                    sent.add(action);
                    calls.add(clients.submit(() -> control(alice, run, body).status()));
                }
                for (int i = 0; i < calls.size(); i++) {
                    codes.add(calls.get(i).get(30, TimeUnit.SECONDS));
                    if (sent.get(i).equals("pause")) {
                        pauseCodes.add(codes.getLast());
                    }
                }
            }
            assertThat(codes).as("round %d", round).allMatch(code -> code == 200 || code == 409);
            if (!actions.contains("abort")) {
                // Running or pausing whatever the interleaving (no workflow parks here): a pause always applies,
                // also when it lost to a resume that committed between its update and its read.
                assertThat(pauseCodes).as("round %d: pauses", round).isNotEmpty().containsOnly(200);
            }

            List<RunEvent> history = history(run);
            RunStatus replayed = RunStatus.RUNNING;
            for (RunEvent event : history.subList(eventsBefore, history.size())) {
                replayed = next(replayed, event);
            }
            assertThat(history).extracting(RunEvent::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, history.size()).boxed().toList());
            assertThat(status(run)).as("round %d: the stored status is where the history leads", round).isEqualTo(replayed);
        }
    }

    /** The run's status after {@code event}, failing on any transition the lifecycle does not allow. */
    private static RunStatus next(RunStatus current, RunEvent event) {
        RunStatus after = switch (event.type()) {
            case RunEventType.RUN_PAUSE_REQUESTED -> current == RunStatus.RUNNING ? RunStatus.PAUSING : null;
            case RunEventType.RUN_RESUMED -> current == RunStatus.PAUSING || current == RunStatus.PAUSED ? RunStatus.RUNNING : null;
            case RunEventType.RUN_ABORTED -> current.isTerminal() ? null : RunStatus.ABORTED;
            default -> null;
        };
        assertThat(after).as("%s (seq %d) while %s", event.type(), event.seq(), current).isNotNull();
        return after;
    }

    private TestServer.Response control(Api who, RunId run, String body) {
        return who.post("/v2/runs/" + run + "/control", body);
    }

    /** A new run of alice's, created through the API (queued) and moved to {@code status} by the repository. */
    private RunId runIn(RunStatus status) {
        RunId run = RunId.parse(alice.startRun(engagement, plan).path("id").asText());
        List<RunStatus> path = switch (status) {
            case QUEUED -> List.of();
            case RUNNING -> List.of(RunStatus.RUNNING);
            case PAUSING -> List.of(RunStatus.RUNNING, RunStatus.PAUSING);
            case PAUSED -> List.of(RunStatus.RUNNING, RunStatus.PAUSING, RunStatus.PAUSED);
            case COMPLETED -> List.of(RunStatus.RUNNING, RunStatus.COMPLETED);
            case FAILED -> List.of(RunStatus.RUNNING, RunStatus.FAILED);
            case ABORTED -> List.of(RunStatus.RUNNING, RunStatus.ABORTED);
        };
        tx.inTenant(tenant(), () -> {
            for (RunStatus next : path) {
                var moved = next == RunStatus.FAILED
                        ? runs.fail(run, RunLifecycle.ACTIVE, "target unreachable", Instant.now())
                        : runs.transition(run, RunLifecycle.ACTIVE, next, Instant.now());
                assertThat(moved).as("move to %s", next).isPresent();
            }
        });
        assertThat(status(run)).isEqualTo(status);
        return run;
    }

    private RunStatus status(RunId run) {
        return tx.inTenant(tenant(), () -> runs.find(run).orElseThrow().status());
    }

    private List<RunEvent> history(RunId run) {
        return tx.inTenant(tenant(), () -> events.listAfter(run, 0, 1000));
    }

    private TenantId tenant() {
        return new TenantId(alice.tenant());
    }

    private static void assertIssuedByAlice(RunEvent event, String action) {
        assertThat(event.payload()).containsEntry("action", action);
        assertThat(event.payload().get("actor")).isEqualTo(Map.of("user", "yered", "email", "yered@example.com"));
    }
}
