package com.aitesting.aws.dataapi;

import static com.aitesting.aws.dataapi.DataApiParameters.longValue;
import static com.aitesting.aws.dataapi.DataApiParameters.string;

import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunHead;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunStatus;
import com.aitesting.postgres.Json;
import com.aitesting.postgres.read.RunReadSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rdsdata.model.Field;

/**
 * {@link RunEventReads} over the Aurora Data API (the SSE function, outside the VPC): the same statements
 * as the JDBC adapter ({@link RunReadSql}), with their named parameters, in the transaction
 * {@link DataApiTransactions} has open on the calling thread.
 */
public final class DataApiRunEventReads implements RunEventReads {
    private final DataApiTransactions transactions;

    public DataApiRunEventReads(DataApiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<RunHead> head(RunId run) {
        List<List<Field>> rows = transactions.execute(RunReadSql.HEAD, List.of(DataApiParameters.text("run_id", run.value().toString())));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Field> row = columns(rows.getFirst(), 3, "runs");
        return Optional.of(new RunHead(run, RunStatus.fromWire(string(row.get(0))), longValue(row.get(1)), longValue(row.get(2))));
    }

    @Override
    public List<RunEvent> listAfter(RunId run, long afterSeq, int limit) {
        List<List<Field>> rows = transactions.execute(RunReadSql.LIST_AFTER, List.of(
                DataApiParameters.text("run_id", run.value().toString()),
                DataApiParameters.number("after_seq", afterSeq),
                DataApiParameters.number("limit", limit)));
        List<RunEvent> events = new ArrayList<>(rows.size());
        for (List<Field> row : rows) {
            columns(row, 4, "run_events");
            events.add(new RunEvent(run, longValue(row.get(0)), string(row.get(1)), Json.object(string(row.get(2))),
                    RunReadSql.instantOfEpochMicros(longValue(row.get(3)))));
        }
        return events;
    }

    private static List<Field> columns(List<Field> row, int expected, String table) {
        if (row.size() != expected) {
            throw new IllegalStateException("a " + table + " row has " + expected + " columns, the Data API returned " + row.size());
        }
        return row;
    }
}
