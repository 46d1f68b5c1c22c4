package com.aitesting.aws.dataapi;

import static com.aitesting.aws.dataapi.DataApiParameters.instant;
import static com.aitesting.aws.dataapi.DataApiParameters.intOrNull;
import static com.aitesting.aws.dataapi.DataApiParameters.longValue;
import static com.aitesting.aws.dataapi.DataApiParameters.string;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.rdsdata.model.Field;

/**
 * The read side of table runs over the Data API: what the event stream needs ({@link #find}: is the run
 * visible, has it finished, where is its head). The SSE function only reads; every write is refused, so
 * a wiring mistake fails loudly instead of writing through an unexpected path.
 */
public final class DataApiRunRepository implements RunRepository {
    static final String FIND = "SELECT id::text AS id, tenant_id, engagement_id::text AS engagement_id, plan_id::text AS plan_id, "
            + "status, total_steps, completed_steps, current_step_index, percent, execution_id, "
            + DataApiParameters.epochMicros("created_at") + ", " + DataApiParameters.epochMicros("started_at") + ", "
            + DataApiParameters.epochMicros("finished_at") + ", failure_reason, last_event_seq "
            + "FROM runs WHERE id = CAST(:run_id AS uuid)";

    private final DataApiTransactions transactions;

    public DataApiRunRepository(DataApiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Run> find(RunId id) {
        List<List<Field>> rows = transactions.execute(FIND, List.of(DataApiParameters.text("run_id", id.value().toString())));
        return rows.isEmpty() ? Optional.empty() : Optional.of(read(rows.getFirst()));
    }

    static Run read(List<Field> row) {
        if (row.size() != 15) {
            throw new IllegalStateException("a runs row has 15 columns, the Data API returned " + row.size());
        }
        return new Run(
                new RunId(UUID.fromString(string(row.get(0)))),
                new TenantId(string(row.get(1))),
                new EngagementId(UUID.fromString(string(row.get(2)))),
                new PlanId(UUID.fromString(string(row.get(3)))),
                RunStatus.fromWire(string(row.get(4))),
                Math.toIntExact(longValue(row.get(5))),
                Math.toIntExact(longValue(row.get(6))),
                intOrNull(row.get(7)),
                Math.toIntExact(longValue(row.get(8))),
                string(row.get(9)),
                instant(row.get(10)),
                instant(row.get(11)),
                instant(row.get(12)),
                string(row.get(13)),
                longValue(row.get(14)));
    }

    @Override
    public void insert(Run run) {
        throw readOnly();
    }

    @Override
    public List<Run> listByEngagement(EngagementId engagement) {
        throw readOnly();
    }

    @Override
    public Optional<Run> lock(RunId id) {
        throw readOnly();
    }

    @Override
    public Optional<Run> transition(RunId run, Set<RunStatus> from, RunStatus to, Instant at) {
        throw readOnly();
    }

    @Override
    public Optional<Run> fail(RunId run, Set<RunStatus> from, String reason, Instant at) {
        throw readOnly();
    }

    @Override
    public Optional<Run> recordExecution(RunId run, String executionId) {
        throw readOnly();
    }

    @Override
    public Optional<Run> recordProgress(RunId run, int completedSteps, Integer currentStepIndex, int percent) {
        throw readOnly();
    }

    @Override
    public boolean storeTaskToken(RunId run, String taskToken, Set<RunStatus> whenIn) {
        throw readOnly();
    }

    @Override
    public Optional<String> takeTaskToken(RunId run) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the Data API run repository only reads (the SSE function writes nothing)");
    }
}
