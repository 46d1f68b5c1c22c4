package com.aitesting.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.error.ConflictException;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.fake.InMemoryStore;
import com.aitesting.core.fake.NoDeliveries;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.CreatePlanCommand;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.scope.WindowInput;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartRunTest {
    private static final Actor A = new Actor("yered", "yered@example.com", new TenantId("t_demo"));
    private static final Actor B = new Actor("eve", null, new TenantId("t_other"));
    // Wednesday 2025-01-08 12:00 UTC
    private final Clock clock = Clock.fixed(Instant.parse("2025-01-08T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryStore store = new InMemoryStore();
    private final RecordingEngine engine = new RecordingEngine();

    /** Answers startRun like an engine that accepted (or, when {@code refuse} is set, refused) the run. */
    private static final class RecordingEngine implements WorkflowEngine {
        final List<RunId> started = new ArrayList<>();
        boolean refuse;

        @Override
        public String startRun(TenantId tenant, RunId run) {
            if (refuse) {
                throw new IllegalStateException("engine unavailable: arn:aws:states:secret");
            }
            started.add(run);
            return "arn:aws:states:local:000000000000:execution:run:" + run;
        }

        @Override
        public void resume(String taskToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void failToken(String taskToken, String error, String cause) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stop(String executionId, String cause) {
            throw new UnsupportedOperationException();
        }
    }

    private StartRun startRun(boolean startExecutions) {
        return new StartRun(store, store.engagementRepository, store.planRepository, store.runRepository, store.eventStore,
                startExecutions ? engine : null, startExecutions, clock);
    }

    private Plan plan(List<WindowInput> windows) {
        Engagement engagement = new CreateEngagement(store, store.engagementRepository, clock).execute(A, CreateEngagementCommand.parse(
                "Demo", "t_demo", "network", new ScopeInput(List.of("example.com"), List.of("10.0.0.0/24"), List.of(), "safe_active", windows)));
        return new CreatePlan(store, store.engagementRepository, store.planRepository, Catalog.load(), clock).execute(A,
                CreatePlanCommand.parse(engagement.id(), List.of("network.discovery.ping_sweep"), "recommended", "safe_active"));
    }

    private List<RunEvent> events(RunId run) {
        return store.inTenant(A.tenant(), () -> store.eventStore.listAfter(run, 0, 100));
    }

    @Test
    void withoutSimulationTheRunStaysQueuedWithRunQueuedAsSeqOne() {
        Plan plan = plan(List.of());
        Run run = startRun(false).execute(A, new StartRunCommand(plan.engagementId(), plan.id()));
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(run.totalSteps()).isEqualTo(3);
        assertThat(run.lastEventSeq()).isEqualTo(1);
        assertThat(run.executionId()).isNull();
        assertThat(events(run.id())).singleElement().satisfies(e -> {
            assertThat(e.seq()).isEqualTo(1);
            assertThat(e.type()).isEqualTo(RunEventType.RUN_QUEUED);
        });
        assertThat(new GetRun(store, store.runRepository, new NoDeliveries()).execute(A, run.id())).isEqualTo(new RunDetail(run, List.of()));
        assertThat(new ListRuns(store, store.engagementRepository, store.runRepository).execute(A, plan.engagementId())).containsExactly(run);
    }

    @Test
    void withSimulationTheExecutionIsStartedAfterTheRunIsCommittedAndRecorded() {
        Plan plan = plan(List.of());
        Run run = startRun(true).execute(A, new StartRunCommand(plan.engagementId(), plan.id()));
        assertThat(engine.started).containsExactly(run.id());
        assertThat(run.executionId()).endsWith(run.id().toString());
    }

    @Test
    void aRefusedStartFailsTheRunWithAReasonInsteadOfLeavingItQueued() {
        engine.refuse = true;
        Plan plan = plan(List.of());
        Run run = startRun(true).execute(A, new StartRunCommand(plan.engagementId(), plan.id()));
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failureReason()).isEqualTo(StartRun.LAUNCH_FAILED).doesNotContain("arn");
        assertThat(run.finishedAt()).isNotNull();
        assertThat(events(run.id())).extracting(RunEvent::type).containsExactly(RunEventType.RUN_QUEUED, RunEventType.RUN_FAILED);
    }

    @Test
    void outsideTheWindowsIsAConflictThatSaysWhenTheNextOneOpens() {
        Plan plan = plan(List.of(new WindowInput("weekly", "22:00", "06:00", List.of("fri"), "UTC")));
        assertThatThrownBy(() -> startRun(false).execute(A, new StartRunCommand(plan.engagementId(), plan.id())))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> {
                    ConflictException conflict = (ConflictException) e;
                    assertThat(conflict.type()).isEqualTo("outside-testing-window");
                    assertThat(conflict.details()).containsEntry("next_window_opens_at", "2025-01-10T22:00:00Z");
                });
        assertThat(new ListRuns(store, store.engagementRepository, store.runRepository).execute(A, plan.engagementId())).isEmpty();
    }

    @Test
    void whenNoWindowLiesAheadTheConflictOmitsTheNextOpening() {
        Plan plan = plan(List.of(new WindowInput("absolute", "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", null, null)));
        assertThatThrownBy(() -> startRun(false).execute(A, new StartRunCommand(plan.engagementId(), plan.id())))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).details()).isEmpty());
    }

    @Test
    void foreignOrMismatchedIdsAreRejected() {
        Plan plan = plan(List.of());
        Plan otherPlan = plan(List.of());
        assertThatThrownBy(() -> startRun(false).execute(B, new StartRunCommand(plan.engagementId(), plan.id())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> startRun(false).execute(A, new StartRunCommand(plan.engagementId(), otherPlan.id())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("plan_id");
        assertThatThrownBy(() -> new GetRun(store, store.runRepository, new NoDeliveries()).execute(A, RunId.random())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> StartRunCommand.parse("not-a-uuid", null))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(InvalidInputException.FieldError::field)
                        .containsExactly("engagement_id", "plan_id"));
    }
}
