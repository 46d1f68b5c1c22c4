package com.aitesting.core.workflow;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementAuthorization;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.engagement.EngagementType;
import com.aitesting.core.fake.InMemoryStore;
import com.aitesting.core.page.PageKey;
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
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One queued run of a plan with a ping sweep (3 steps) and a port scan (3 steps), for the workflow and control
 * use cases, over {@link InMemoryStore}: every run row and event rule is the store's (the one fake of those
 * ports), so this class only seeds the run, binds its tenant for calls made outside a transaction, records the
 * run row calls and plays the workflow engine. Single-threaded.
 */
public final class InMemoryRuns implements Transactions, RunRepository, PlanRepository, EngagementRepository, RunEventStore, WorkflowEngine {
    public static final TenantId TENANT = new TenantId("t_demo");
    public static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");

    public final RunId runId = RunId.random();
    /** Engine calls, e.g. "resume:token-1", "failToken:token-1:Run.Aborted", "stop:arn". */
    public final List<String> engineCalls = new ArrayList<>();
    public RuntimeException engineFailure;
    /** Runs at the start of every {@link #find(RunId)}, on the caller's thread: a test may block or fail the read. */
    public volatile Runnable beforeFind = () -> {};
    /** The run row calls in order ("lock", "transition"), for tests of lock-decide-write. */
    public final List<String> calls = new ArrayList<>();
    private final InMemoryStore store = new InMemoryStore();
    private final Plan plan;

    /** A run queued in simulated mode. */
    public InMemoryRuns() {
        this(RunMode.SIMULATED);
    }

    public InMemoryRuns(RunMode mode) {
        EngagementId engagementId = EngagementId.random();
        Scope scope = Scope.parse(new ScopeInput(List.of("example.test"), List.of("10.0.0.0/24"), List.of("10.0.0.128/25"),
                "safe_active", List.of()));
        Engagement engagement = new Engagement(engagementId, TENANT, "Demo", EngagementType.NETWORK, scope, NOW, "yered", null, false);
        List<PlanStep> steps = new ArrayList<>();
        for (String test : List.of("network.discovery.ping_sweep", "network.nmap.tcp_top_1000")) {
            for (String step : List.of("prepare", "work", "report")) {
                steps.add(new PlanStep(steps.size(), test, step, test + " " + step, "network-scanner", 10));
            }
        }
        plan = new Plan(PlanId.random(), TENANT, engagementId, RiskTier.SAFE_ACTIVE, AgentStrategy.RECOMMENDED, List.of(), steps, 60, NOW);
        bound(() -> {
            store.engagementRepository.insert(engagement);
            store.planRepository.insert(plan);
            store.runRepository.insert(Run.queued(runId, TENANT, engagementId, plan.id(), mode, steps.size(), NOW));
            return null;
        });
    }

    public RunTask task() {
        return new RunTask(TENANT, runId);
    }

    public Plan plan() {
        return plan;
    }

    /** The run row as the store holds it now. */
    public Run run() {
        return bound(() -> store.runRepository.find(runId).orElseThrow());
    }

    /** The run's history in seq order. */
    public List<RunEvent> events() {
        return bound(() -> store.eventStore.listAfter(runId, 0, Integer.MAX_VALUE));
    }

    public List<String> types() {
        return events().stream().map(RunEvent::type).toList();
    }

    /** Event payloads by type, for assertions. */
    public Map<String, List<Map<String, Object>>> payloads() {
        Map<String, List<Map<String, Object>>> byType = new HashMap<>();
        events().forEach(e -> byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e.payload()));
        return byType;
    }

    /** The parked task token, if one is stored (reading it does not take it). */
    public Optional<String> storedTaskToken() {
        return store.taskTokenOf(runId);
    }

    private <T> T bound(Supplier<T> work) {
        return store.inTenant(TENANT, work);
    }

    @Override
    public <T> T inTenant(TenantId tenant, Supplier<T> work) {
        return store.inTenant(tenant, work);
    }

    @Override
    public void insert(Run r) {
        bound(() -> {
            store.runRepository.insert(r);
            return null;
        });
    }

    @Override
    public Optional<Run> find(RunId id) {
        beforeFind.run();
        return bound(() -> store.runRepository.find(id));
    }

    @Override
    public Optional<Run> lock(RunId id) {
        calls.add("lock");
        return bound(() -> store.runRepository.lock(id));
    }

    @Override
    public List<Run> listByEngagement(EngagementId e, Optional<PageKey> after, int limit) {
        return bound(() -> store.runRepository.listByEngagement(e, after, limit));
    }

    @Override
    public Optional<Run> transition(RunId id, Set<RunStatus> from, RunStatus to, Instant at) {
        calls.add("transition");
        return bound(() -> store.runRepository.transition(id, from, to, at));
    }

    @Override
    public Optional<Run> fail(RunId id, Set<RunStatus> from, String reason, Instant at) {
        return bound(() -> store.runRepository.fail(id, from, reason, at));
    }

    @Override
    public Optional<Run> recordExecution(RunId id, String executionId) {
        return bound(() -> store.runRepository.recordExecution(id, executionId));
    }

    @Override
    public Optional<Run> recordProgress(RunId id, RunProgress progress) {
        return bound(() -> store.runRepository.recordProgress(id, progress));
    }

    @Override
    public boolean storeTaskToken(RunId id, String token, Set<RunStatus> whenIn) {
        return bound(() -> store.runRepository.storeTaskToken(id, token, whenIn));
    }

    @Override
    public Optional<String> takeTaskToken(RunId id) {
        return bound(() -> store.runRepository.takeTaskToken(id));
    }

    @Override
    public void insert(Plan p) {
        bound(() -> {
            store.planRepository.insert(p);
            return null;
        });
    }

    @Override
    public Optional<Plan> find(PlanId id) {
        return bound(() -> store.planRepository.find(id));
    }

    @Override
    public void insert(Engagement e) {
        bound(() -> {
            store.engagementRepository.insert(e);
            return null;
        });
    }

    @Override
    public void recordAuthorization(EngagementId id, EngagementAuthorization authorization) {
        bound(() -> {
            store.engagementRepository.recordAuthorization(id, authorization);
            return null;
        });
    }

    @Override
    public Optional<Engagement> find(EngagementId id) {
        return bound(() -> store.engagementRepository.find(id));
    }

    @Override
    public List<Engagement> list(Optional<PageKey> after, int limit) {
        return bound(() -> store.engagementRepository.list(after, limit));
    }

    @Override
    public Optional<RunEvent> append(RunId id, NewRunEvent event, AppendGuard guard) {
        return bound(() -> store.eventStore.append(id, event, guard));
    }

    @Override
    public Optional<RunEvent> appendWithProgress(TenantId tenant, RunId id, NewRunEvent event, RunProgress progress) {
        return store.eventStore.appendWithProgress(tenant, id, event, progress);
    }

    @Override
    public Optional<RunEvent> latestOf(RunId id, Set<String> types) {
        return bound(() -> store.eventStore.latestOf(id, types));
    }

    @Override
    public List<RunEvent> listAfter(RunId id, long afterSeq, int limit) {
        return bound(() -> store.eventStore.listAfter(id, afterSeq, limit));
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
}
