package com.aitesting.core.workflow;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.engagement.EngagementType;
import com.aitesting.core.plan.AgentStrategy;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.PlanRepository;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.run.AppendGuard;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Unit-test fakes of the ports the workflow and control use cases use, applying the same primitives as the
 * PostgreSQL adapters (conditional transitions, appends guarded as {@link RunLifecycle#guard} says), and one
 * queued run of a plan with a ping sweep (3 steps) and a port scan (3 steps). Single-threaded.
 */
public final class InMemoryRuns implements Transactions, RunRepository, PlanRepository, EngagementRepository, RunEventStore, WorkflowEngine {
    public static final TenantId TENANT = new TenantId("t_demo");
    public static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");

    public final RunId runId = RunId.random();
    public final List<RunEvent> events = new ArrayList<>();
    /** Engine calls, e.g. "resume:token-1", "failToken:token-1:Run.Aborted", "stop:arn". */
    public final List<String> engineCalls = new ArrayList<>();
    public Run run;
    public String taskToken;
    public RuntimeException engineFailure;
    /** The run row calls in order ("lock", "transition"), for tests of lock-decide-write. */
    public final List<String> calls = new ArrayList<>();
    private final Plan plan;
    private final Engagement engagement;
    private final Set<String> keys = new HashSet<>();

    public InMemoryRuns() {
        EngagementId engagementId = EngagementId.random();
        Scope scope = Scope.parse(new ScopeInput(List.of("example.test"), List.of("10.0.0.0/24"), List.of("10.0.0.128/25"),
                "safe_active", List.of()));
        engagement = new Engagement(engagementId, TENANT, "Demo", EngagementType.NETWORK, scope, NOW, "yered", null);
        List<PlanStep> steps = new ArrayList<>();
        for (String test : List.of("network.discovery.ping_sweep", "network.nmap.tcp_top_1000")) {
            for (String step : List.of("prepare", "work", "report")) {
                steps.add(new PlanStep(steps.size(), test, step, test + " " + step, "network-scanner", 10));
            }
        }
        plan = new Plan(PlanId.random(), TENANT, engagementId, RiskTier.SAFE_ACTIVE, AgentStrategy.RECOMMENDED, List.of(), steps, 60, NOW);
        run = Run.queued(runId, TENANT, engagementId, plan.id(), steps.size(), NOW);
    }

    public RunTask task() {
        return new RunTask(TENANT, runId);
    }

    public List<String> types() {
        return events.stream().map(RunEvent::type).toList();
    }

    public Plan plan() {
        return plan;
    }

    @Override
    public <T> T inTenant(TenantId tenant, Supplier<T> work) {
        if (!tenant.equals(TENANT)) {
            throw new IllegalStateException("unexpected tenant " + tenant);
        }
        return work.get();
    }

    @Override
    public void insert(Run r) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Run> find(RunId id) {
        return id.equals(runId) ? Optional.of(run) : Optional.empty();
    }

    /** Single-threaded: the lock is a read, recorded in {@link #calls} so tests see that it came first. */
    @Override
    public Optional<Run> lock(RunId id) {
        calls.add("lock");
        return find(id);
    }

    @Override
    public List<Run> listByEngagement(EngagementId e) {
        return List.of(run);
    }

    @Override
    public Optional<Run> transition(RunId id, Set<RunStatus> from, RunStatus to, Instant at) {
        calls.add("transition");
        if (!id.equals(runId) || !from.contains(run.status())) {
            return Optional.empty();
        }
        run = new Run(runId, TENANT, run.engagementId(), run.planId(), to, run.totalSteps(), run.completedSteps(), run.currentStepIndex(),
                run.percent(), run.executionId(), run.createdAt(),
                to == RunStatus.RUNNING && run.startedAt() == null ? at : run.startedAt(),
                RunLifecycle.isEnded(to) ? at : run.finishedAt(), run.failureReason(), run.lastEventSeq());
        return Optional.of(run);
    }

    @Override
    public Optional<Run> fail(RunId id, Set<RunStatus> from, String reason, Instant at) {
        Optional<Run> failed = transition(id, from, RunStatus.FAILED, at);
        failed.ifPresent(f -> run = new Run(runId, TENANT, f.engagementId(), f.planId(), f.status(), f.totalSteps(), f.completedSteps(),
                f.currentStepIndex(), f.percent(), f.executionId(), f.createdAt(), f.startedAt(), f.finishedAt(), reason, f.lastEventSeq()));
        return failed.map(f -> run);
    }

    @Override
    public Optional<Run> recordExecution(RunId id, String executionId) {
        run = new Run(runId, TENANT, run.engagementId(), run.planId(), run.status(), run.totalSteps(), run.completedSteps(),
                run.currentStepIndex(), run.percent(), executionId, run.createdAt(), run.startedAt(), run.finishedAt(),
                run.failureReason(), run.lastEventSeq());
        return Optional.of(run);
    }

    @Override
    public Optional<Run> recordProgress(RunId id, int completedSteps, Integer currentStepIndex, int percent) {
        run = new Run(runId, TENANT, run.engagementId(), run.planId(), run.status(), run.totalSteps(), completedSteps,
                currentStepIndex, percent, run.executionId(), run.createdAt(), run.startedAt(), run.finishedAt(),
                run.failureReason(), run.lastEventSeq());
        return Optional.of(run);
    }

    @Override
    public boolean storeTaskToken(RunId id, String token, Set<RunStatus> whenIn) {
        if (!whenIn.contains(run.status())) {
            return false;
        }
        taskToken = token;
        return true;
    }

    @Override
    public Optional<String> takeTaskToken(RunId id) {
        Optional<String> token = Optional.ofNullable(taskToken);
        taskToken = null;
        return token;
    }

    @Override
    public void insert(Plan p) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Plan> find(PlanId id) {
        return id.equals(plan.id()) ? Optional.of(plan) : Optional.empty();
    }

    @Override
    public void insert(Engagement e) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void recordAuthorization(EngagementId id, com.aitesting.core.engagement.EngagementAuthorization authorization) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Engagement> find(EngagementId id) {
        return id.equals(engagement.id()) ? Optional.of(engagement) : Optional.empty();
    }

    @Override
    public List<Engagement> list() {
        return List.of(engagement);
    }

    @Override
    public Optional<RunEvent> append(RunId id, NewRunEvent event, AppendGuard guard) {
        if (!id.equals(runId) || !guard.admits(event, run.status(), keys::contains)) {
            return Optional.empty();
        }
        keys.add(event.idempotencyKey());
        long seq = run.lastEventSeq() + 1;
        run = new Run(runId, TENANT, run.engagementId(), run.planId(), run.status(), run.totalSteps(), run.completedSteps(),
                run.currentStepIndex(), run.percent(), run.executionId(), run.createdAt(), run.startedAt(), run.finishedAt(),
                run.failureReason(), seq);
        RunEvent appended = new RunEvent(runId, seq, event.type(), event.payload(), NOW);
        events.add(appended);
        return Optional.of(appended);
    }

    @Override
    public Optional<RunEvent> latestOf(RunId id, Set<String> types) {
        return events.reversed().stream().filter(e -> types.contains(e.type())).findFirst();
    }

    @Override
    public List<RunEvent> listAfter(RunId id, long afterSeq, int limit) {
        return events.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
    }

    @Override
    public String startRun(TenantId tenant, RunId r) {
        return call("startRun:" + r);
    }

    @Override
    public void resume(String token) {
        call("resume:" + token);
    }

    @Override
    public void failToken(String token, String error, String cause) {
        call("failToken:" + token + ":" + error);
    }

    @Override
    public void stop(String executionId, String cause) {
        call("stop:" + executionId);
    }

    private String call(String what) {
        if (engineFailure != null) {
            throw engineFailure;
        }
        engineCalls.add(what);
        return what;
    }

    /** Event payloads by type, for assertions. */
    public Map<String, List<Map<String, Object>>> payloads() {
        Map<String, List<Map<String, Object>>> byType = new HashMap<>();
        events.forEach(e -> byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e.payload()));
        return byType;
    }
}
