package com.aitesting.workflow;

import com.aitesting.aws.live.LivePushSettings;
import com.aitesting.aws.secrets.SecretsManagerReader;
import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.core.simulation.StepSimulator;
import com.aitesting.core.workflow.BeginRun;
import com.aitesting.core.workflow.Checkpoint;
import com.aitesting.core.workflow.CompleteRun;
import com.aitesting.core.workflow.ExecuteStep;
import com.aitesting.core.workflow.FailRun;
import com.aitesting.core.workflow.ParkRun;
import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.DataSources;
import com.aitesting.executors.ExecutorSettings;
import com.aitesting.executors.RealStepExecutors;
import com.aitesting.postgres.PostgresEngagementRepository;
import com.aitesting.postgres.PostgresFindingRepository;
import com.aitesting.postgres.PostgresPlanRepository;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.aitesting.postgres.read.PostgresRunEventReads;
import com.aitesting.workflow.handler.BeginRunHandler;
import com.aitesting.workflow.handler.CheckpointHandler;
import com.aitesting.workflow.handler.CompleteRunHandler;
import com.aitesting.workflow.handler.ExecuteStepHandler;
import com.aitesting.workflow.handler.FailRunHandler;
import com.aitesting.workflow.handler.ParkRunHandler;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Builds the workflow use cases on one DataSource. On Lambda, {@link #fromEnvironment()} does it once per
 * container (the handlers' no-arg constructors); the local runtime builds one with its own DataSource and
 * engine and registers {@link #handlersByFunctionName()} with the embedded engine.
 */
public final class WorkflowWiring {
    /** Function names the local engine substitutes into the definition ({@link WorkflowTask}). */
    public static final String BEGIN_RUN = WorkflowTask.BEGIN_RUN.localFunctionName();
    public static final String CHECKPOINT = WorkflowTask.CHECKPOINT.localFunctionName();
    public static final String PARK_RUN = WorkflowTask.PARK_RUN.localFunctionName();
    public static final String EXECUTE_STEP = WorkflowTask.EXECUTE_STEP.localFunctionName();
    public static final String COMPLETE_RUN = WorkflowTask.COMPLETE_RUN.localFunctionName();
    public static final String FAIL_RUN = WorkflowTask.FAIL_RUN.localFunctionName();

    /** How often a running real step checks whether its run has ended (abort stops probing within a second). */
    static final Duration STOP_POLL = Duration.ofMillis(200);

    private static WorkflowWiring environment;

    private final PostgresTransactions transactions;
    private final PostgresRunRepository runs;
    private final PostgresPlanRepository plans;
    private final PostgresEngagementRepository engagements;
    private final PostgresRunEventStore events;
    private final Supplier<WorkflowEngine> engine;
    private final Duration stepDuration;
    private final Optional<ExecuteStep.RealMode> realSteps;
    private final Clock clock;

    /** Simulated steps. */
    public WorkflowWiring(DataSource appDataSource, Supplier<WorkflowEngine> engine, Duration stepDuration, Clock clock) {
        this(appDataSource, engine, stepDuration, Optional.empty(), clock);
    }

    /**
     * {@code engine} is asked for only when the park task first talks to it, so the other Lambdas need no
     * Step Functions client, and the local runtime may pass one whose endpoint exists only after start.
     * {@code realSteps} present: steps run the real executors with those settings (SIMULATE_PROGRESS=false).
     */
    public WorkflowWiring(DataSource appDataSource, Supplier<WorkflowEngine> engine, Duration stepDuration,
                          Optional<ExecutorSettings> realSteps, Clock clock) {
        this(appDataSource, engine, stepDuration, realSteps, Optional.empty(), clock);
    }

    /**
     * {@code live} present (on AWS): after each task's transaction commits, the run's WebSocket subscribers
     * are sent its new events from this invocation (docs/websocket.md, "AWS").
     */
    public WorkflowWiring(DataSource appDataSource, Supplier<WorkflowEngine> engine, Duration stepDuration,
                          Optional<ExecutorSettings> realSteps, Optional<LivePushSettings> live, Clock clock) {
        this.transactions = new PostgresTransactions(appDataSource);
        this.runs = new PostgresRunRepository(transactions);
        this.plans = new PostgresPlanRepository(transactions);
        this.engagements = new PostgresEngagementRepository(transactions);
        this.events = new PostgresRunEventStore(transactions,
                LivePushSettings.listener(live, transactions, new PostgresRunEventReads(transactions)));
        this.engine = engine;
        this.stepDuration = stepDuration;
        this.realSteps = realSteps.map(settings -> new ExecuteStep.RealMode(new RealStepExecutors(settings, clock),
                new PostgresFindingRepository(transactions), settings.chunkBudget(), STOP_POLL));
        this.clock = clock;
    }

    /** The Lambda container's wiring, from its environment ({@link WorkflowConfig}); built on first use. */
    public static synchronized WorkflowWiring fromEnvironment() {
        if (environment == null) {
            WorkflowConfig config = WorkflowConfig.fromEnvironment(System.getenv());
            Credentials login = config.login().credentials(new SecretsManagerReader());
            // One task runs at a time per Lambda container: a small pool suffices.
            DataSource dataSource = DataSources.pooled(config.jdbcUrl(), login, 2, "workflow");
            environment = new WorkflowWiring(dataSource, () -> {
                String arn = config.stateMachineArn()
                        .orElseThrow(() -> new IllegalStateException("environment variable STATE_MACHINE_ARN is required"));
                return new SfnWorkflowEngine(SfnWorkflowEngine.client(arn, config.sfnEndpoint()), arn);
            }, config.stepDuration(), config.realSteps(), config.live(), Clock.systemUTC());
        }
        return environment;
    }

    public BeginRun beginRun() {
        return new BeginRun(transactions, runs, plans, events, clock);
    }

    public Checkpoint checkpoint() {
        return new Checkpoint(transactions, runs);
    }

    public ParkRun parkRun() {
        return new ParkRun(transactions, runs, events, new LateBoundEngine(engine), clock);
    }

    public ExecuteStep executeStep() {
        return new ExecuteStep(transactions, runs, plans, engagements, events, new StepSimulator(), stepDuration,
                realSteps.orElse(null));
    }

    public CompleteRun completeRun() {
        return new CompleteRun(transactions, runs, events, clock);
    }

    public FailRun failRun() {
        return new FailRun(transactions, runs, events, clock);
    }

    /** The six task handlers under their local function names, for the embedded engine. */
    public Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> handlersByFunctionName() {
        Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers = new LinkedHashMap<>();
        for (WorkflowTask task : WorkflowTask.values()) {
            handlers.put(task.localFunctionName(), switch (task) {
                case BEGIN_RUN -> new BeginRunHandler(beginRun());
                case CHECKPOINT -> new CheckpointHandler(checkpoint());
                case PARK_RUN -> new ParkRunHandler(parkRun());
                case EXECUTE_STEP -> new ExecuteStepHandler(executeStep());
                case COMPLETE_RUN -> new CompleteRunHandler(completeRun());
                case FAIL_RUN -> new FailRunHandler(failRun());
            });
        }
        return handlers;
    }

    /** Resolves the engine on first use and keeps it (on Lambda the supplier builds an SfnClient). */
    private static final class LateBoundEngine implements WorkflowEngine {
        private final Supplier<WorkflowEngine> supplier;
        private volatile WorkflowEngine resolved;

        LateBoundEngine(Supplier<WorkflowEngine> supplier) {
            this.supplier = supplier;
        }

        @Override
        public String startRun(TenantId tenant, RunId run) {
            return engine().startRun(tenant, run);
        }

        @Override
        public void resume(String taskToken) {
            engine().resume(taskToken);
        }

        @Override
        public void failToken(String taskToken, String error, String cause) {
            engine().failToken(taskToken, error, cause);
        }

        @Override
        public void stop(String executionId, String cause) {
            engine().stop(executionId, cause);
        }

        private WorkflowEngine engine() {
            WorkflowEngine engine = resolved;
            if (engine == null) {
                engine = supplier.get();
                if (engine == null) {
                    throw new IllegalStateException("the workflow engine is not available yet");
                }
                resolved = engine;
            }
            return engine;
        }
    }
}
