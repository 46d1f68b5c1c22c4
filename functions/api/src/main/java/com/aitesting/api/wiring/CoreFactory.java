package com.aitesting.api.wiring;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.config.ApiProperties;
import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.catalog.GetCatalog;
import com.aitesting.core.engagement.AuthorizeEngagement;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.GetEngagement;
import com.aitesting.core.engagement.ListEngagements;
import com.aitesting.core.finding.ListEngagementFindings;
import com.aitesting.core.idempotency.IdempotentCreation;
import com.aitesting.core.finding.ListRunFindings;
import com.aitesting.core.notification.NotificationDeliveryRepository;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.GetPlan;
import com.aitesting.core.plan.ListPlanOptions;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.FindingRepository;
import com.aitesting.core.port.IdempotencyKeyRepository;
import com.aitesting.core.port.PlanRepository;
import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunEventsCommitted;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.run.GetRun;
import com.aitesting.core.run.ListRuns;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.run.StartRun;
import com.aitesting.core.scope.PlatformDenyList;
import com.aitesting.core.scope.PreviewScope;
import com.aitesting.postgres.PostgresEngagementRepository;
import com.aitesting.postgres.PostgresFindingRepository;
import com.aitesting.postgres.PostgresIdempotencyKeyRepository;
import com.aitesting.postgres.PostgresPlanRepository;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.aitesting.postgres.read.PostgresRunEventReads;
import com.aitesting.aws.secrets.SecretReader;
import com.aitesting.aws.secrets.SecretsManagerReader;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the core use cases from the PostgreSQL adapters. The only place that knows which adapter
 * implements which port; controllers see use cases only.
 */
@Factory
public class CoreFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CoreFactory.class);

    /** Where secrets come from on AWS (DATABASE_SECRET_ARN, STREAM_TOKEN_SECRET_ARN); read at first use. */
    @Singleton
    @Secondary
    public SecretReader secretReader() {
        return new SecretsManagerReader();
    }

    @Singleton
    @Requires(condition = JdbcStore.class)
    public AppRoleLogin appRoleLogin(ApiConfig config, SecretReader secrets) {
        return new AppRoleLogin(config.database(), secrets);
    }

    /**
     * The restricted application role's pool (row-level security applies to every query), created at the
     * first connection ({@link LazyPool}: nothing connects before a SnapStart snapshot). An unreachable
     * database does not fail the bean: the pool keeps trying, requests get a 503 problem and /health
     * reports "down" until it answers.
     */
    @Singleton
    @Requires(condition = JdbcStore.class)
    @Bean(preDestroy = "close")
    public LazyPool dataSource(ApiConfig config, AppRoleLogin login) {
        return new LazyPool(config.database(), login);
    }

    @Singleton
    @Requires(condition = JdbcStore.class)
    public PostgresTransactions transactions(LazyPool dataSource) {
        return new PostgresTransactions(dataSource);
    }

    @Singleton
    public EngagementRepository engagements(PostgresTransactions tx) {
        return new PostgresEngagementRepository(tx);
    }

    @Singleton
    public PlanRepository plans(PostgresTransactions tx) {
        return new PostgresPlanRepository(tx);
    }

    @Singleton
    @Requires(condition = JdbcStore.class)
    public RunRepository runs(PostgresTransactions tx) {
        return new PostgresRunRepository(tx);
    }

    @Singleton
    @Requires(condition = JdbcStore.class)
    public RunEventStore runEvents(PostgresTransactions tx, RunEventsCommitted committed) {
        return new PostgresRunEventStore(tx, committed);
    }

    @Singleton
    @Requires(condition = JdbcStore.class)
    public RunEventReads runEventReads(PostgresTransactions tx) {
        return new PostgresRunEventReads(tx);
    }

    @Singleton
    @Requires(condition = JdbcStore.class)
    public FindingRepository findings(PostgresTransactions tx) {
        return new PostgresFindingRepository(tx);
    }

    @Singleton
    @Requires(condition = JdbcStore.class)
    public IdempotencyKeyRepository idempotencyKeys(PostgresTransactions tx) {
        return new PostgresIdempotencyKeyRepository(tx);
    }

    @Singleton
    public IdempotentCreation idempotentCreation(IdempotencyKeyRepository keys, Clock clock) {
        return new IdempotentCreation(keys, clock);
    }

    /** SIMULATE_PROGRESS=false: runs are real, with what that requires (RunMode). */
    @Singleton
    public RunMode runMode(ApiConfig config) {
        return RunMode.of(config.simulateProgress());
    }

    /** Replaceable in tests (a fixed clock makes testing windows deterministic). */
    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    public Catalog catalog() {
        return Catalog.load();
    }

    @Singleton
    public CreateEngagement createEngagement(PostgresTransactions tx, EngagementRepository engagements,
                                             IdempotentCreation idempotency, Clock clock) {
        return new CreateEngagement(tx, engagements, idempotency, clock);
    }

    @Singleton
    public ListEngagements listEngagements(PostgresTransactions tx, EngagementRepository engagements) {
        return new ListEngagements(tx, engagements);
    }

    @Singleton
    public GetEngagement getEngagement(PostgresTransactions tx, EngagementRepository engagements) {
        return new GetEngagement(tx, engagements);
    }

    /**
     * SCAN_ALLOW_LOOPBACK: the local runtime may test loopback servers; never set on AWS. SCAN_DENY_CIDRS: the
     * platform's own network (on AWS the stack's VPC), denied like the executors deny it.
     */
    @Singleton
    public PreviewScope previewScope(ApiProperties settings) {
        return new PreviewScope(PlatformDenyList.of(settings.scanAllowsLoopback(),
                PlatformDenyList.parseRanges(settings.getScanDenyCidrs())));
    }

    @Singleton
    public ListPlanOptions listPlanOptions(PostgresTransactions tx, EngagementRepository engagements, Catalog catalog, RunMode mode) {
        return new ListPlanOptions(tx, engagements, catalog, mode);
    }

    @Singleton
    public AuthorizeEngagement authorizeEngagement(PostgresTransactions tx, EngagementRepository engagements, Clock clock) {
        return new AuthorizeEngagement(tx, engagements, clock);
    }

    @Singleton
    public ListRunFindings listRunFindings(PostgresTransactions tx, RunRepository runs, RunEventStore events, FindingRepository findings) {
        return new ListRunFindings(tx, runs, events, findings);
    }

    @Singleton
    public ListEngagementFindings listEngagementFindings(PostgresTransactions tx, EngagementRepository engagements,
                                                         FindingRepository findings) {
        return new ListEngagementFindings(tx, engagements, findings);
    }

    @Singleton
    public GetCatalog getCatalog(Catalog catalog) {
        return new GetCatalog(catalog);
    }

    @Singleton
    public CreatePlan createPlan(PostgresTransactions tx, EngagementRepository engagements, PlanRepository plans,
                                 Catalog catalog, RunMode mode, IdempotentCreation idempotency, Clock clock) {
        return new CreatePlan(tx, engagements, plans, catalog, mode, idempotency, clock);
    }

    @Singleton
    public GetPlan getPlan(PostgresTransactions tx, PlanRepository plans) {
        return new GetPlan(tx, plans);
    }

    /**
     * Runs execute whenever a {@link WorkflowEngine} bean exists (the SfnWorkflowEngine adapter), simulated or
     * real alike: SIMULATE_PROGRESS decides what the ExecuteStep task does, not whether a run starts (it used to
     * gate the start too, which left every real run queued forever). Without an engine, runs stay queued.
     */
    @Singleton
    public StartRun startRun(PostgresTransactions tx, EngagementRepository engagements, PlanRepository plans,
                             RunRepository runs, RunEventStore events, Optional<WorkflowEngine> engine,
                             RunMode mode, Catalog catalog, IdempotentCreation idempotency, Clock clock) {
        boolean startExecutions = engine.isPresent();
        if (engine.isEmpty()) {
            LOG.debug("No WorkflowEngine bound: runs stay queued");
        }
        @Nullable WorkflowEngine workflow = engine.orElse(null);
        return new StartRun(tx, engagements, plans, runs, events, workflow, startExecutions, mode, catalog, idempotency, clock);
    }

    @Singleton
    public GetRun getRun(PostgresTransactions tx, RunRepository runs, NotificationDeliveryRepository deliveries) {
        return new GetRun(tx, runs, deliveries);
    }

    @Singleton
    public ListRuns listRuns(PostgresTransactions tx, EngagementRepository engagements, RunRepository runs) {
        return new ListRuns(tx, engagements, runs);
    }
}
