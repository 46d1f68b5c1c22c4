package com.aitesting.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.control.ControlAction;
import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.EmbeddedDatabase;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The six handlers driven directly, in the order the state machine calls them, on embedded PostgreSQL. */
class WorkflowHandlersIT {
    private static EmbeddedDatabase.Migrated db;
    private static RunFixtures fixtures;
    /** Engine calls of the park task and the controls ("resume:token", "stop:arn", ...). */
    private static final List<String> engineCalls = Collections.synchronizedList(new ArrayList<>());
    private static final WorkflowEngine recordingEngine = new WorkflowEngine() {
        @Override
        public String startRun(TenantId tenant, RunId run) {
            throw new UnsupportedOperationException("runs are driven by hand here");
        }

        @Override
        public void resume(String taskToken) {
            engineCalls.add("resume:" + taskToken);
        }

        @Override
        public void failToken(String taskToken, String error, String cause) {
            engineCalls.add("failToken:" + taskToken + ":" + error);
        }

        @Override
        public void stop(String executionId, String cause) {
            engineCalls.add("stop:" + executionId);
        }
    };

    @BeforeAll
    static void database() {
        db = EmbeddedDatabase.createMigrated();
        fixtures = new RunFixtures(db.appDataSource());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers(Duration step) {
        return new WorkflowWiring(db.appDataSource(), () -> recordingEngine, step, Clock.systemUTC()).handlersByFunctionName();
    }

    private static Map<String, Object> call(Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers,
                                            String function, Run run, Object... more) {
        Map<String, Object> payload = new HashMap<>(Map.of("tenant_id", "t_demo", "run_id", run.id().toString()));
        for (int i = 0; i < more.length; i += 2) {
            payload.put((String) more[i], more[i + 1]);
        }
        return handlers.get(function).handleRequest(payload, null);
    }

    @Test
    void handlersInStateMachineOrderWriteTheRunsEventsInOrderWithGapFreeSeqs() {
        var handlers = handlers(Duration.ZERO);
        Run run = fixtures.run(null);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) call(handlers, WorkflowWiring.BEGIN_RUN, run,
                "execution_id", "arn:aws:states:us-east-1:000000000000:execution:run:" + run.id()).get("steps");
        assertThat(steps).hasSize(6).first().satisfies(s -> assertThat(s)
                .containsKeys("index", "test_id", "step_id", "title", "agent", "nominal_seconds"));
        for (Map<String, Object> step : steps) {
            assertThat(call(handlers, WorkflowWiring.CHECKPOINT, run, "step_index", step.get("index")))
                    .containsEntry("action", "continue");
            call(handlers, WorkflowWiring.EXECUTE_STEP, run, "step_index", step.get("index"), "step", step);
            assertThat(fixtures.find(run.id()).completedSteps()).isEqualTo((int) step.get("index") + 1);
        }
        call(handlers, WorkflowWiring.COMPLETE_RUN, run);

        List<RunEvent> events = fixtures.events(run.id());
        assertThat(events.stream().mapToLong(RunEvent::seq)).containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        List<String> types = events.stream().map(RunEvent::type).toList();
        assertThat(types.subList(0, 3)).containsExactly("run.queued", "run.started", "step.started");
        assertThat(types.getLast()).isEqualTo("run.completed");
        for (int i = 0; i < 6; i++) {
            int index = i;
            List<String> ofStep = events.stream().filter(e -> Integer.valueOf(index).equals(e.payload().get("step_index")))
                    .map(RunEvent::type).toList();
            assertThat(ofStep.getFirst()).isEqualTo("step.started");
            assertThat(ofStep.getLast()).isEqualTo("step.completed");
            assertThat(ofStep.subList(1, ofStep.size() - 1)).isNotEmpty().allMatch("step.progress"::equals);
        }
        Run done = fixtures.find(run.id());
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.percent()).isEqualTo(100);
        assertThat(done.currentStepIndex()).isNull();
        assertThat(done.executionId()).endsWith(run.id().toString());
    }

    @Test
    void everyHandlerCalledTwiceWritesNothingTwice() {
        var handlers = handlers(Duration.ZERO);
        Run run = fixtures.run(null);
        for (int twice = 0; twice < 2; twice++) {
            call(handlers, WorkflowWiring.BEGIN_RUN, run, "execution_id", "arn:exec");
        }
        for (int i = 0; i < 6; i++) {
            for (int twice = 0; twice < 2; twice++) {
                call(handlers, WorkflowWiring.CHECKPOINT, run, "step_index", i);
                call(handlers, WorkflowWiring.EXECUTE_STEP, run, "step_index", i, "step", Map.of());
            }
        }
        List<String> beforeEnd = fixtures.types(run.id());
        call(handlers, WorkflowWiring.COMPLETE_RUN, run);
        call(handlers, WorkflowWiring.COMPLETE_RUN, run);
        call(handlers, WorkflowWiring.FAIL_RUN, run, "error", Map.of("Error", "States.TaskFailed", "Cause", "late"));

        List<String> types = fixtures.types(run.id());
        assertThat(types).hasSize(beforeEnd.size() + 1).endsWith("run.completed");
        assertThat(types.stream().filter("step.started"::equals)).hasSize(6);
        assertThat(types.stream().filter("run.started"::equals)).hasSize(1);
    }

    @Test
    void pauseParksAtTheNextStepBoundaryAndResumeAnswersTheStoredToken() {
        var handlers = handlers(Duration.ZERO);
        Run run = fixtures.run(null);
        call(handlers, WorkflowWiring.BEGIN_RUN, run, "execution_id", "arn:exec");
        call(handlers, WorkflowWiring.EXECUTE_STEP, run, "step_index", 0, "step", Map.of());
        fixtures.control(recordingEngine, run.id(), ControlAction.PAUSE);
        assertThat(call(handlers, WorkflowWiring.CHECKPOINT, run, "step_index", 1)).containsEntry("action", "pause");
        call(handlers, WorkflowWiring.PARK_RUN, run, "step_index", 1, "task_token", "token-" + run.id());
        call(handlers, WorkflowWiring.PARK_RUN, run, "step_index", 1, "task_token", "token-" + run.id());
        assertThat(fixtures.find(run.id()).status()).isEqualTo(RunStatus.PAUSED);
        assertThat(engineCalls).noneMatch(c -> c.contains(run.id().toString()));

        fixtures.control(recordingEngine, run.id(), ControlAction.RESUME);
        assertThat(engineCalls).contains("resume:token-" + run.id());
        assertThat(call(handlers, WorkflowWiring.CHECKPOINT, run, "step_index", 1)).containsEntry("action", "continue");
        assertThat(fixtures.types(run.id())).containsSubsequence("step.completed", "run.pause_requested", "run.paused", "run.resumed")
                .filteredOn("run.paused"::equals).hasSize(1);
    }

    @Test
    void aResumeBeforeTheParkIsAnsweredByThePark() {
        var handlers = handlers(Duration.ZERO);
        Run run = fixtures.run(null);
        call(handlers, WorkflowWiring.BEGIN_RUN, run, "execution_id", "arn:exec");
        fixtures.control(recordingEngine, run.id(), ControlAction.PAUSE);
        assertThat(call(handlers, WorkflowWiring.CHECKPOINT, run, "step_index", 0)).containsEntry("action", "pause");
        fixtures.control(recordingEngine, run.id(), ControlAction.RESUME);
        assertThat(call(handlers, WorkflowWiring.PARK_RUN, run, "step_index", 0, "task_token", "early-" + run.id()))
                .containsEntry("outcome", "answered_resumed");
        assertThat(engineCalls).contains("resume:early-" + run.id());
        assertThat(fixtures.find(run.id()).status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void anAbortMidStepStopsTheStepBeforeItsNextEvent() throws Exception {
        var handlers = handlers(Duration.ofMillis(1500));
        Run run = fixtures.run(null);
        call(handlers, WorkflowWiring.BEGIN_RUN, run, "execution_id", "arn:exec:" + run.id());
        CompletableFuture<Map<String, Object>> step = CompletableFuture.supplyAsync(
                () -> call(handlers, WorkflowWiring.EXECUTE_STEP, run, "step_index", 0, "step", Map.of()));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!fixtures.types(run.id()).contains("step.progress") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        fixtures.control(recordingEngine, run.id(), ControlAction.ABORT);
        assertThat(step.get()).containsEntry("outcome", "stopped");
        assertThat(engineCalls).contains("stop:arn:exec:" + run.id());
        List<String> types = fixtures.types(run.id());
        assertThat(types.getLast()).isEqualTo("run.aborted");
        assertThat(types).doesNotContain("step.completed");
        assertThat(call(handlers, WorkflowWiring.CHECKPOINT, run, "step_index", 1)).containsEntry("action", "abort");
    }
}
