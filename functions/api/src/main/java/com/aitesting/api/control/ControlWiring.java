package com.aitesting.api.control;

import com.aitesting.core.control.ControlRun;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.PostgresTransactions;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/** Builds the control use case from the ports that {@code CoreFactory} binds. */
@Factory
public class ControlWiring {

    @Singleton
    public ControlRun controlRun(PostgresTransactions tx, RunRepository runs, RunEventStore events,
                                 Optional<WorkflowEngine> engine, Clock clock) {
        return new ControlRun(tx, runs, events, engine.orElseGet(NoWorkflowEngine::new), clock);
    }

    /**
     * Stands in when no engine is bound (runs stay queued, see CoreFactory): then no run ever has an
     * execution or a parked task token, so ControlRun has nothing to answer or stop and never calls these.
     * Should that change, the call fails loudly instead of dropping a resume or an abort.
     */
    private static final class NoWorkflowEngine implements WorkflowEngine {
        @Override
        public String startRun(TenantId tenant, RunId run) {
            throw missing();
        }

        @Override
        public void resume(String taskToken) {
            throw missing();
        }

        @Override
        public void failToken(String taskToken, String error, String cause) {
            throw missing();
        }

        @Override
        public void stop(String executionId, String cause) {
            throw missing();
        }

        private static IllegalStateException missing() {
            return new IllegalStateException("no WorkflowEngine is bound, yet a run has a workflow execution");
        }
    }
}
