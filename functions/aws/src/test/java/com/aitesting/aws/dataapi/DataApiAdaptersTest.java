package com.aitesting.aws.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.run.RunHead;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.core.error.StoreUnavailableException;
import com.aitesting.postgres.read.RunReadSql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.BeginTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.BeginTransactionResponse;
import software.amazon.awssdk.services.rdsdata.model.CommitTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.CommitTransactionResponse;
import software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.RollbackTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.RollbackTransactionResponse;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

/** Request mapping and result parsing of the Data API adapters, on a scripted RdsDataClient (no network). */
class DataApiAdaptersTest {
    private static final DataApiTarget TARGET = new DataApiTarget("arn:aws:rds:eu-west-1:1:cluster:ait-dev",
            "arn:aws:secretsmanager:eu-west-1:1:secret:app-AbCdEf", "aitesting");
    private static final TenantId TENANT = new TenantId("acme");
    private static final RunId RUN = new RunId(UUID.fromString("3f1c0d7e-8a45-4c0b-9d7e-2b1f0c9a7e11"));

    /** Answers executeStatement with the queued records; records every request. */
    static final class Scripted implements RdsDataClient {
        final List<Object> requests = new ArrayList<>();
        final LinkedList<List<List<Field>>> answers = new LinkedList<>();
        RuntimeException failNext;

        @Override
        public BeginTransactionResponse beginTransaction(BeginTransactionRequest r) {
            requests.add(r);
            return BeginTransactionResponse.builder().transactionId("tx-1").build();
        }

        @Override
        public ExecuteStatementResponse executeStatement(ExecuteStatementRequest r) {
            requests.add(r);
            if (r.sql().startsWith("SELECT set_config")) {
                return ExecuteStatementResponse.builder().records(List.of(List.of(Field.builder().stringValue("acme").build()))).build();
            }
            if (failNext != null) {
                RuntimeException e = failNext;
                failNext = null;
                throw e;
            }
            return ExecuteStatementResponse.builder().records(answers.isEmpty() ? List.of() : answers.removeFirst()).build();
        }

        @Override
        public CommitTransactionResponse commitTransaction(CommitTransactionRequest r) {
            requests.add(r);
            return CommitTransactionResponse.builder().build();
        }

        @Override
        public RollbackTransactionResponse rollbackTransaction(RollbackTransactionRequest r) {
            requests.add(r);
            return RollbackTransactionResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "rds-data";
        }

        @Override
        public void close() {
        }
    }

    private static Field s(String v) {
        return Field.builder().stringValue(v).build();
    }

    private static Field l(long v) {
        return Field.builder().longValue(v).build();
    }

    private static Field nul() {
        return Field.builder().isNull(true).build();
    }

    @Test
    void aReadBindsTheTenantInTheSameTransactionThenCommits() {
        Scripted client = new Scripted();
        DataApiTransactions tx = new DataApiTransactions(client, TARGET);
        DataApiRunEventReads events = new DataApiRunEventReads(tx);
        client.answers.add(List.of(
                List.of(l(4), s("step.progress"), s("{\"percent\":40,\"message\":\"scan\"}"), l(1_700_000_000_123_456L)),
                List.of(l(5), s("run.completed"), s("{}"), l(1_700_000_001_000_000L))));

        List<RunEvent> read = tx.inTenant(TENANT, () -> events.listAfter(RUN, 3, 100));

        assertThat(read).extracting(RunEvent::seq).containsExactly(4L, 5L);
        assertThat(read.get(0).payload()).isEqualTo(Map.of("percent", 40, "message", "scan"));
        assertThat(read.get(0).createdAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_000L));
        assertThat(read.get(1).isTerminal()).isTrue();

        assertThat(client.requests).hasSize(4);
        BeginTransactionRequest begin = (BeginTransactionRequest) client.requests.get(0);
        assertThat(List.of(begin.resourceArn(), begin.secretArn(), begin.database()))
                .containsExactly(TARGET.clusterArn(), TARGET.secretArn(), "aitesting");
        ExecuteStatementRequest bind = (ExecuteStatementRequest) client.requests.get(1);
        assertThat(bind.sql()).isEqualTo("SELECT set_config('app.tenant_id', :tenant_id, true)");
        assertThat(bind.transactionId()).isEqualTo("tx-1");
        assertThat(bind.parameters()).containsExactly(SqlParameter.builder().name("tenant_id").value(s("acme")).build());
        ExecuteStatementRequest list = (ExecuteStatementRequest) client.requests.get(2);
        assertThat(list.transactionId()).isEqualTo("tx-1");
        assertThat(list.sql()).contains("FROM run_events", "run_id = CAST(:run_id AS uuid)", "seq > :after_seq", "ORDER BY seq LIMIT :limit");
        assertThat(list.parameters()).containsExactly(
                SqlParameter.builder().name("run_id").value(s(RUN.value().toString())).build(),
                SqlParameter.builder().name("after_seq").value(l(3)).build(),
                SqlParameter.builder().name("limit").value(l(100)).build());
        assertThat(client.requests.get(3)).isInstanceOf(CommitTransactionRequest.class);
        assertThat(((CommitTransactionRequest) client.requests.get(3)).transactionId()).isEqualTo("tx-1");
    }

    @Test
    void aHeadIsTheRunsStatusAndLastSeqAndNoRowIsNotVisible() {
        Scripted client = new Scripted();
        DataApiTransactions tx = new DataApiTransactions(client, TARGET);
        client.answers.add(List.of(List.of(s("queued"), l(1), l(0))));

        RunHead head = tx.inTenant(TENANT, () -> new DataApiRunEventReads(tx).head(RUN)).orElseThrow();

        assertThat(head).isEqualTo(new RunHead(RUN, RunStatus.QUEUED, 1));
        ExecuteStatementRequest query = (ExecuteStatementRequest) client.requests.get(2);
        assertThat(query.sql()).isEqualTo(RunReadSql.HEAD);
        assertThat(query.parameters()).containsExactly(SqlParameter.builder().name("run_id").value(s(RUN.value().toString())).build());
        assertThat(tx.inTenant(TENANT, () -> new DataApiRunEventReads(tx).head(RUN))).isEmpty(); // no row: not visible
    }

    @Test
    void aFailedReadRollsBackAndATransientErrorBecomesStoreUnavailable() {
        Scripted client = new Scripted();
        DataApiTransactions tx = new DataApiTransactions(client, TARGET);
        client.failNext = DatabaseResumingException.builder().message("resuming; SELECT secret FROM x").build();

        assertThatThrownBy(() -> tx.inTenant(TENANT, () -> new DataApiRunEventReads(tx).listAfter(RUN, 0, 10)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("DatabaseResumingException").hasMessageNotContaining("SELECT");
        assertThat(client.requests.getLast()).isInstanceOf(RollbackTransactionRequest.class);
        assertThat(client.requests).noneMatch(r -> r instanceof CommitTransactionRequest);
    }

    @Test
    void readsOutsideATransactionAreRefused() {
        DataApiTransactions tx = new DataApiTransactions(new Scripted(), TARGET);
        assertThatThrownBy(() -> new DataApiRunEventReads(tx).head(RUN)).hasMessageContaining("inside Transactions.inTenant");
        assertThatThrownBy(() -> new DataApiRunEventReads(tx).listAfter(RUN, 0, 1)).hasMessageContaining("inside Transactions.inTenant");
    }

    @Test
    void theTargetNamesTheMissingVariable() {
        assertThatThrownBy(() -> new DataApiTarget(null, TARGET.secretArn(), "aitesting")).hasMessageContaining("DATA_API_CLUSTER_ARN");
        assertThatThrownBy(() -> new DataApiTarget(TARGET.clusterArn(), "app-secret", "aitesting")).hasMessageContaining("DATA_API_SECRET_ARN");
        assertThatThrownBy(() -> new DataApiTarget(TARGET.clusterArn(), TARGET.secretArn(), " ")).hasMessageContaining("DATABASE_NAME");
    }
}
