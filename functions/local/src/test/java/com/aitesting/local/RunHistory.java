package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.DataSources;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresTransactions;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * A run's run_events as the application role reads them (row-level security, tenant t_demo), and the
 * checks every history must pass whatever happened to the run.
 */
final class RunHistory implements AutoCloseable {
    static final int STEPS = 6;

    private final HikariDataSource pool;
    private final PostgresTransactions transactions;
    private final PostgresRunEventStore events;

    RunHistory(Database database) {
        pool = DataSources.pooled(database.jdbcUrl(), database.app(), 2, "test-history");
        transactions = new PostgresTransactions(pool);
        events = new PostgresRunEventStore(transactions);
    }

    List<RunEvent> events(String runId) {
        return transactions.inTenant(new TenantId(LocalApi.TENANT), () -> events.listAfter(RunId.parse(runId), 0, 10_000));
    }

    /** The run's event types without the notifier's audit entries, which may come at any time. */
    List<String> types(String runId) {
        return events(runId).stream().map(RunEvent::type).filter(t -> !t.startsWith("notification.")).toList();
    }

    void awaitType(String runId, String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!types(runId).contains(type)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + type + " for run " + runId + " within " + timeout + ": " + types(runId));
            }
            LocalApi.pause(Duration.ofMillis(20));
        }
    }

    /** How many step.completed events the run has. */
    long completedSteps(String runId) {
        return types(runId).stream().filter("step.completed"::equals).count();
    }

    /**
     * Every history: seq 1..N without a gap; run.queued first; at most one run.started; each step started and
     * completed at most once, in order; control events alternate (pause_requested -> paused? -> resumed);
     * no step begins while paused; exactly one terminal event, and after it nothing but notification.*.
     */
    static void assertWellFormed(List<RunEvent> history) {
        String described = history.stream().map(e -> e.seq() + ":" + e.type()).toList().toString();
        assertThat(history.stream().mapToLong(RunEvent::seq).toArray()).as("gap-free seq in " + described)
                .containsExactly(LongStream.rangeClosed(1, history.size()).toArray());
        assertThat(history.getFirst().type()).isEqualTo("run.queued");

        Set<Object> started = new HashSet<>();
        Set<Object> completed = new HashSet<>();
        int nextStep = 0;
        String control = "running";
        boolean runStarted = false;
        RunEvent terminal = null;
        for (RunEvent e : history) {
            if (e.type().startsWith("notification.")) {
                continue;
            }
            assertThat(terminal).as("%s after the terminal event in %s", e.type(), described).isNull();
            Object step = e.payload().get("step_index");
            switch (e.type()) {
                case "run.started" -> {
                    assertThat(runStarted).as("a second run.started in " + described).isFalse();
                    runStarted = true;
                }
                case "step.started" -> {
                    assertThat(control).as("step.started while paused in " + described).isNotEqualTo("paused");
                    assertThat(started.add(step)).as("step %s started twice in %s", step, described).isTrue();
                    assertThat(step).as("steps in order in " + described).isEqualTo(nextStep);
                }
                case "step.completed" -> {
                    assertThat(started).as("step %s completed before it started in %s", step, described).contains(step);
                    assertThat(completed.add(step)).as("step %s completed twice in %s", step, described).isTrue();
                    nextStep++;
                }
                case "run.pause_requested" -> {
                    assertThat(control).as("pause_requested while %s in %s", control, described).isEqualTo("running");
                    control = "pausing";
                }
                case "run.paused" -> {
                    assertThat(control).as("paused while %s in %s", control, described).isEqualTo("pausing");
                    control = "paused";
                }
                case "run.resumed" -> {
                    assertThat(control).as("resumed while %s in %s", control, described).isIn("pausing", "paused");
                    control = "running";
                }
                default -> {
                    if (RunLifecycle.isEndEvent(e.type())) {
                        terminal = e;
                    }
                }
            }
        }
        assertThat(terminal).as("a terminal event in " + described).isNotNull();
    }

    /**
     * The history replayed through {@link RunLifecycle}: starting queued, each lifecycle event is the event of a
     * transition that applies to the status reached so far (an end event only by a move into its status), and
     * step events only come while running or pausing (a pause takes effect at the next step boundary).
     */
    static RunStatus assertLegalPerLifecycle(List<RunEvent> history) {
        String described = history.stream().map(e -> e.seq() + ":" + e.type()).toList().toString();
        RunStatus status = null;
        for (RunEvent e : history) {
            if (RunLifecycle.isAudit(e.type())) {
                continue;
            }
            if (status == null) {
                assertThat(e.type()).as("the first event of " + described).isEqualTo(RunLifecycle.CREATED_EVENT);
                status = RunLifecycle.INITIAL;
                continue;
            }
            RunStatus from = status;
            if (e.type().startsWith("step.")) {
                assertThat(from).as("%s at seq %d while %s in %s", e.type(), e.seq(), from, described)
                        .isIn(RunStatus.RUNNING, RunStatus.PAUSING);
                continue;
            }
            RunLifecycle.Transition made = Arrays.stream(RunLifecycle.Transition.values())
                    .filter(t -> t.event().equals(e.type()) && t.appliesTo(from)).findFirst()
                    .orElseThrow(() -> new AssertionError(e.type() + " at seq " + e.seq() + " is no transition from " + from
                            + " in " + described));
            status = made.to();
        }
        return status;
    }

    /** A completed run: the plan's order, every step started and completed exactly once. */
    static void assertCompletedOnce(List<RunEvent> history) {
        assertWellFormed(history);
        List<String> types = history.stream().map(RunEvent::type).filter(t -> !t.startsWith("notification.")).toList();
        assertThat(types.getLast()).isEqualTo("run.completed");
        assertThat(types.stream().filter("step.started"::equals)).hasSize(STEPS);
        assertThat(types.stream().filter("step.completed"::equals)).hasSize(STEPS);
    }

    @Override
    public void close() {
        pool.close();
    }
}
