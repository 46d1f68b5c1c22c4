package com.aitesting.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.control.ControlAction;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunStatus;
import com.aitesting.postgres.EmbeddedDatabase;
import com.aitesting.sfnlocal.LambdaFunction;
import com.aitesting.sfnlocal.LocalStepFunctions;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The REAL statemachines/run.asl.json on the embedded engine with the real handlers, driven only through
 * SfnWorkflowEngine over the engine's HTTP endpoint, on embedded PostgreSQL.
 */
class RunStateMachineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SUBSTITUTIONS = WorkflowTask.localSubstitutions();

    private static EmbeddedDatabase.Migrated db;
    private static RunFixtures fixtures;
    private LocalStepFunctions local;
    private SfnClient sfn;
    private SfnWorkflowEngine engine;

    @BeforeAll
    static void database() {
        db = EmbeddedDatabase.createMigrated();
        fixtures = new RunFixtures(db.appDataSource());
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @AfterEach
    void closeEngine() {
        sfn.close();
        local.close();
    }

    /** Starts the engine with the real handlers; {@code executeStep} replaces the step executor when present. */
    private void startEngine(Duration stepDuration, Optional<LambdaFunction> executeStep) throws Exception {
        // The park task answers tokens through the adapter, which needs the endpoint known only after start().
        AtomicReference<SfnWorkflowEngine> engineRef = new AtomicReference<>();
        WorkflowWiring wiring = new WorkflowWiring(db.appDataSource(), engineRef::get, stepDuration, Clock.systemUTC());
        LocalStepFunctions.Builder builder = LocalStepFunctions.builder();
        wiring.handlersByFunctionName().forEach((name, handler) -> builder.function(name, lambda(handler)));
        executeStep.ifPresent(f -> builder.function(WorkflowWiring.EXECUTE_STEP, f));
        local = builder.build();
        String arn = local.createStateMachine("ai-testing-run",
                Files.readString(Path.of("../../statemachines/run.asl.json")), SUBSTITUTIONS);
        local.start();
        sfn = SfnWorkflowEngine.client(arn, Optional.of(local.endpoint()));
        engine = new SfnWorkflowEngine(sfn, arn);
        engineRef.set(engine);
    }

    /** In-process, as the Java Lambda runtime would: JSON in, the handler's Map out, exceptions as task errors. */
    private static LambdaFunction lambda(RequestHandler<Map<String, Object>, Map<String, Object>> handler) {
        return payload -> JSON.valueToTree(handler.handleRequest(JSON.convertValue(payload, new TypeReference<>() {}), null));
    }

    @Test
    void aTwoTestPlanRunsToCompletedWithItsEventsInOrder() throws Exception {
        startEngine(Duration.ZERO, Optional.empty());
        Run run = fixtures.run(engine);
        awaitRun(run.id(), r -> r.status() == RunStatus.COMPLETED);
        awaitExecution(run, ExecutionStatus.SUCCEEDED);

        List<RunEvent> events = fixtures.events(run.id());
        List<String> types = events.stream().map(RunEvent::type).toList();
        assertThat(types.subList(0, 2)).containsExactly("run.queued", "run.started");
        assertThat(types.getLast()).isEqualTo("run.completed");
        assertThat(events.stream().filter(e -> e.type().equals("step.completed")).map(e -> e.payload().get("step_index")))
                .containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(events.stream().filter(e -> e.type().equals("step.started")).map(e -> e.payload().get("step_index")))
                .containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(events.stream().mapToLong(RunEvent::seq).toArray())
                .containsExactly(java.util.stream.LongStream.rangeClosed(1, events.size()).toArray());
        assertThat(fixtures.find(run.id()).percent()).isEqualTo(100);
    }

    @Test
    void aStepThatFailsPermanentlyEndsTheRunFailedWithAStableCodeAndNoInternals() throws Exception {
        startEngine(Duration.ZERO, Optional.of(payload -> {
            throw new IllegalStateException("the scanner crashed on " + payload.get("step_index"));
        }));
        Run run = fixtures.run(engine);
        awaitRun(run.id(), r -> r.status() == RunStatus.FAILED);
        awaitExecution(run, ExecutionStatus.FAILED);

        List<RunEvent> events = fixtures.events(run.id());
        assertThat(events.stream().map(RunEvent::type)).containsExactly("run.queued", "run.started", "run.failed");
        Map<String, Object> failed = events.getLast().payload();
        assertThat(failed).containsEntry("code", "internal_error").containsKey("reference");
        String reason = "A step failed because of an internal error. Reference: " + failed.get("reference") + ".";
        assertThat(failed).containsEntry("reason", reason);
        assertThat(failed.toString()).doesNotContain("scanner", "IllegalStateException", "java.");
        assertThat(fixtures.find(run.id()).failureReason()).isEqualTo(reason);
    }

    @Test
    void aPausedRunResumesAndCompletesWithEveryStepDoneOnce() throws Exception {
        startEngine(Duration.ofMillis(300), Optional.empty());
        Run run = fixtures.run(engine);
        awaitEvent(run.id(), "step.started");
        fixtures.control(engine, run.id(), ControlAction.PAUSE);
        awaitRun(run.id(), r -> r.status() == RunStatus.PAUSED);
        Thread.sleep(500);
        long stepsWhilePaused = fixtures.types(run.id()).stream().filter("step.started"::equals).count();
        assertThat(stepsWhilePaused).isLessThan(6);
        assertThat(fixtures.types(run.id()).getLast()).isEqualTo("run.paused");

        fixtures.control(engine, run.id(), ControlAction.RESUME);
        awaitRun(run.id(), r -> r.status() == RunStatus.COMPLETED);
        awaitExecution(run, ExecutionStatus.SUCCEEDED);
        List<String> types = fixtures.types(run.id());
        assertThat(types).containsSubsequence("run.pause_requested", "run.paused", "run.resumed", "run.completed");
        assertThat(types.stream().filter("step.completed"::equals)).hasSize(6);
        assertThat(types.stream().filter("step.started"::equals)).hasSize(6);
    }

    @Test
    void abortingAPausedRunEndsItsExecutionAndNothingFollowsRunAborted() throws Exception {
        startEngine(Duration.ofMillis(300), Optional.empty());
        Run run = fixtures.run(engine);
        awaitEvent(run.id(), "step.started");
        fixtures.control(engine, run.id(), ControlAction.PAUSE);
        awaitRun(run.id(), r -> r.status() == RunStatus.PAUSED);
        fixtures.control(engine, run.id(), ControlAction.ABORT);
        awaitExecution(run, ExecutionStatus.SUCCEEDED);

        assertThat(fixtures.find(run.id()).status()).isEqualTo(RunStatus.ABORTED);
        assertThat(fixtures.types(run.id()).getLast()).isEqualTo("run.aborted");
    }

    private static void awaitRun(RunId id, Predicate<Run> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.test(fixtures.find(id))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + id + " did not get there; it is " + fixtures.find(id) + ", events " + fixtures.events(id));
            }
            Thread.sleep(20);
        }
    }

    private static void awaitEvent(RunId id, String type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!fixtures.types(id).contains(type)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + type + " for run " + id + ": " + fixtures.types(id));
            }
            Thread.sleep(20);
        }
    }

    private void awaitExecution(Run run, ExecutionStatus expected) throws InterruptedException {
        String arn = fixtures.find(run.id()).executionId();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ExecutionStatus status;
        while ((status = sfn.describeExecution(b -> b.executionArn(arn)).status()) == ExecutionStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(status).isEqualTo(expected);
    }
}
