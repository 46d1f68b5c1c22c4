package com.aitesting.core.fake;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementAuthorization;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.idempotency.IdempotencyRecord;
import com.aitesting.core.idempotency.IdempotentRequest;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.IdempotencyKeyRepository;
import com.aitesting.core.port.PlanRepository;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.AppendGuard;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The ports in memory, with the tenant filtering that row-level security does in PostgreSQL: a repository
 * sees only the tenant bound by {@link Transactions#inTenant}, and fails outside a transaction. Appends apply
 * the guard {@link RunLifecycle#guard} gives, as the PostgreSQL store does.
 */
public final class InMemoryStore implements Transactions {
    private final ThreadLocal<TenantId> bound = new ThreadLocal<>();
    private final Map<EngagementId, Engagement> engagements = new LinkedHashMap<>();
    private final Map<PlanId, Plan> plans = new LinkedHashMap<>();
    private final Map<RunId, Run> runs = new LinkedHashMap<>();
    private final Map<RunId, List<RunEvent>> events = new LinkedHashMap<>();
    private final Map<RunId, List<String>> keys = new LinkedHashMap<>();
    private final Map<RunId, String> taskTokens = new LinkedHashMap<>();
    private final Map<KeyOf, KeyRow> idempotencyKeys = new LinkedHashMap<>();
    public int transactions;

    /** A nested call for the same tenant joins the open transaction, as PostgresTransactions does. */
    @Override
    public synchronized <T> T inTenant(TenantId tenant, Supplier<T> work) {
        TenantId open = bound.get();
        if (open != null) {
            if (!open.equals(tenant)) {
                throw new IllegalStateException("a transaction for another tenant is already open on this thread");
            }
            return work.get();
        }
        transactions++;
        bound.set(tenant);
        try {
            return work.get();
        } finally {
            bound.remove();
        }
    }

    private TenantId tenant() {
        TenantId tenant = bound.get();
        if (tenant == null) {
            throw new IllegalStateException("called outside inTenant");
        }
        return tenant;
    }

    public final EngagementRepository engagementRepository = new EngagementRepository() {
        @Override
        public void insert(Engagement engagement) {
            check(engagement.tenant());
            engagements.put(engagement.id(), engagement);
        }

        @Override
        public void recordAuthorization(EngagementId id, EngagementAuthorization authorization) {
            Engagement engagement = find(id).orElseThrow(() -> new IllegalStateException("engagement not visible"));
            engagements.put(id, engagement.withAuthorization(authorization));
        }

        @Override
        public Optional<Engagement> find(EngagementId id) {
            return Optional.ofNullable(engagements.get(id)).filter(e -> e.tenant().equals(tenant()));
        }

        @Override
        public List<Engagement> list(Optional<com.aitesting.core.page.PageKey> after, int limit) {
            return engagements.values().stream().filter(e -> e.tenant().equals(tenant()))
                    .filter(e -> after.isEmpty() || olderThan(e.createdAt(), e.id().value(), after.get()))
                    .sorted(Comparator.comparing(Engagement::createdAt).thenComparing(e -> e.id().value()).reversed())
                    .limit(limit).toList();
        }
    };

    public final PlanRepository planRepository = new PlanRepository() {
        @Override
        public void insert(Plan plan) {
            check(plan.tenant());
            plans.put(plan.id(), plan);
        }

        @Override
        public Optional<Plan> find(PlanId id) {
            return Optional.ofNullable(plans.get(id)).filter(p -> p.tenant().equals(tenant()));
        }
    };

    public final RunRepository runRepository = new RunRepository() {
        @Override
        public void insert(Run run) {
            check(run.tenant());
            runs.put(run.id(), run);
        }

        @Override
        public Optional<Run> find(RunId id) {
            return Optional.ofNullable(runs.get(id)).filter(r -> r.tenant().equals(tenant()));
        }

        /** Transactions are serialised (synchronized), so a read is as good as a lock here. */
        @Override
        public Optional<Run> lock(RunId id) {
            return find(id);
        }

        @Override
        public List<Run> listByEngagement(EngagementId engagement, Optional<com.aitesting.core.page.PageKey> after, int limit) {
            return runs.values().stream().filter(r -> r.tenant().equals(tenant()) && r.engagementId().equals(engagement))
                    .filter(r -> after.isEmpty() || olderThan(r.createdAt(), r.id().value(), after.get()))
                    .sorted(Comparator.comparing(Run::createdAt).thenComparing(r -> r.id().value()).reversed())
                    .limit(limit).toList();
        }

        @Override
        public Optional<Run> transition(RunId id, Set<RunStatus> from, RunStatus to, Instant at) {
            return update(id, from, r -> new Run(r.id(), r.tenant(), r.engagementId(), r.planId(), to, r.mode(), r.totalSteps(),
                    r.completedSteps(), r.currentStepIndex(), r.percent(), r.executionId(), r.createdAt(),
                    to == RunStatus.RUNNING && r.startedAt() == null ? at : r.startedAt(),
                    RunLifecycle.isEnded(to) ? at : r.finishedAt(), r.failureReason(), r.lastEventSeq()));
        }

        @Override
        public Optional<Run> fail(RunId id, Set<RunStatus> from, String reason, Instant at) {
            return update(id, from, r -> new Run(r.id(), r.tenant(), r.engagementId(), r.planId(), RunStatus.FAILED,
                    r.mode(), r.totalSteps(), r.completedSteps(), r.currentStepIndex(), r.percent(), r.executionId(), r.createdAt(),
                    r.startedAt(), at, reason, r.lastEventSeq()));
        }

        @Override
        public Optional<Run> recordExecution(RunId id, String executionId) {
            return update(id, Set.of(RunStatus.values()), r -> new Run(r.id(), r.tenant(), r.engagementId(), r.planId(),
                    r.status(), r.mode(), r.totalSteps(), r.completedSteps(), r.currentStepIndex(), r.percent(), executionId,
                    r.createdAt(), r.startedAt(), r.finishedAt(), r.failureReason(), r.lastEventSeq()));
        }

        @Override
        public Optional<Run> recordProgress(RunId id, RunProgress progress) {
            return update(id, Set.of(RunStatus.values()), r -> new Run(r.id(), r.tenant(), r.engagementId(), r.planId(),
                    r.status(), r.mode(), r.totalSteps(), progress.completedSteps(), progress.currentStepIndex(), progress.percent(), r.executionId(),
                    r.createdAt(), r.startedAt(), r.finishedAt(), r.failureReason(), r.lastEventSeq()));
        }

        @Override
        public boolean storeTaskToken(RunId run, String taskToken, Set<RunStatus> whenIn) {
            if (find(run).filter(r -> whenIn.contains(r.status())).isEmpty()) {
                return false;
            }
            taskTokens.put(run, taskToken);
            return true;
        }

        @Override
        public Optional<String> takeTaskToken(RunId run) {
            return find(run).flatMap(r -> Optional.ofNullable(taskTokens.remove(run)));
        }

        private Optional<Run> update(RunId id, Set<RunStatus> from, java.util.function.UnaryOperator<Run> change) {
            Optional<Run> current = find(id).filter(r -> from.contains(r.status()));
            current.ifPresent(r -> runs.put(id, change.apply(r)));
            return current.map(r -> runs.get(id));
        }
    };

    public final RunEventStore eventStore = new RunEventStore() {
        @Override
        public Optional<RunEvent> append(RunId id, NewRunEvent event, AppendGuard guard) {
            Optional<Run> run = runRepository.find(id);
            if (run.isEmpty()) {
                return Optional.empty();
            }
            List<RunEvent> history = events.computeIfAbsent(id, k -> new ArrayList<>());
            List<String> used = keys.computeIfAbsent(id, k -> new ArrayList<>());
            if (!guard.admits(event, run.get().status(), used::contains)) {
                return Optional.empty();
            }
            Run r = run.get();
            RunEvent appended = new RunEvent(id, r.lastEventSeq() + 1, event.type(), event.payload(), Instant.EPOCH);
            runs.put(id, new Run(r.id(), r.tenant(), r.engagementId(), r.planId(), r.status(), r.mode(), r.totalSteps(),
                    r.completedSteps(), r.currentStepIndex(), r.percent(), r.executionId(), r.createdAt(), r.startedAt(),
                    r.finishedAt(), r.failureReason(), appended.seq()));
            history.add(appended);
            used.add(event.idempotencyKey());
            return Optional.of(appended);
        }

        @Override
        public Optional<RunEvent> appendWithProgress(TenantId tenant, RunId id, NewRunEvent event, RunProgress progress) {
            return inTenant(tenant, () -> {
                Optional<RunEvent> appended = append(id, event, RunLifecycle.guard(event.type()));
                appended.ifPresent(e -> runRepository.recordProgress(id, progress));
                return appended;
            });
        }

        @Override
        public Optional<RunEvent> latestOf(RunId id, Set<String> types) {
            return events.getOrDefault(id, List.of()).reversed().stream().filter(e -> types.contains(e.type())).findFirst();
        }

        @Override
        public List<RunEvent> listAfter(RunId id, long afterSeq, int limit) {
            if (runRepository.find(id).isEmpty()) {
                return List.of();
            }
            return events.getOrDefault(id, List.of()).stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
        }
    };

    /** One row of idempotency_keys: its primary key, and what the row holds. */
    private record KeyOf(TenantId tenant, String caller, String endpoint, String key) {
        static KeyOf of(Actor caller, IdempotentRequest request) {
            return new KeyOf(caller.tenant(), caller.user(), request.endpoint(), request.key().value());
        }
    }

    private record KeyRow(String fingerprint, Instant createdAt, UUID resourceId) {}

    /** Claims as the PostgreSQL adapter does (a live row holds its key, an expired one is taken over); nothing rolls back. */
    public final IdempotencyKeyRepository idempotencyKeyRepository = new IdempotencyKeyRepository() {
        @Override
        public boolean claim(Actor caller, IdempotentRequest request, Instant now, Instant expiredBefore) {
            check(caller.tenant());
            KeyRow held = idempotencyKeys.get(KeyOf.of(caller, request));
            if (held != null && !held.createdAt().isBefore(expiredBefore)) {
                return false;
            }
            idempotencyKeys.put(KeyOf.of(caller, request), new KeyRow(request.fingerprint(), now, null));
            return true;
        }

        @Override
        public int deleteExpired(TenantId tenant, Instant expiredBefore, int limit) {
            check(tenant);
            List<KeyOf> expired = idempotencyKeys.entrySet().stream()
                    .filter(e -> e.getKey().tenant().equals(tenant) && e.getValue().createdAt().isBefore(expiredBefore))
                    .sorted(Comparator.comparing(e -> e.getValue().createdAt()))
                    .limit(limit).map(Map.Entry::getKey).toList();
            expired.forEach(idempotencyKeys::remove);
            return expired.size();
        }

        @Override
        public void recordOutcome(Actor caller, IdempotentRequest request, int status, UUID resourceId) {
            KeyRow claimed = idempotencyKeys.get(KeyOf.of(caller, request));
            if (claimed == null || !caller.tenant().equals(tenant())) {
                throw new IllegalStateException("the key was not claimed");
            }
            idempotencyKeys.put(KeyOf.of(caller, request), new KeyRow(claimed.fingerprint(), claimed.createdAt(), resourceId));
        }

        @Override
        public Optional<IdempotencyRecord> find(Actor caller, IdempotentRequest request) {
            return caller.tenant().equals(tenant())
                    ? Optional.ofNullable(idempotencyKeys.get(KeyOf.of(caller, request)))
                            .map(row -> new IdempotencyRecord(row.fingerprint(), row.resourceId()))
                    : Optional.empty();
        }
    };

    /** How many idempotency keys {@code tenant} holds, expired or not, for assertions. */
    public synchronized long idempotencyKeysOf(TenantId tenant) {
        return idempotencyKeys.keySet().stream().filter(k -> k.tenant().equals(tenant)).count();
    }

    /** The stored task token of {@code run}, for assertions (reading it does not take it). */
    public synchronized Optional<String> taskTokenOf(RunId run) {
        return Optional.ofNullable(taskTokens.get(run));
    }

    private void check(TenantId rowTenant) {
        if (!rowTenant.equals(tenant())) {
            throw new IllegalStateException("row for another tenant (WITH CHECK)");
        }
    }

    /** (createdAt, id) < key, in the same order the fakes sort by. */
    private static boolean olderThan(Instant createdAt, java.util.UUID id, com.aitesting.core.page.PageKey key) {
        int byTime = createdAt.compareTo(key.createdAt());
        return byTime < 0 || (byTime == 0 && id.compareTo(key.id()) < 0);
    }
}
