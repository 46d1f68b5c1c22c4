package com.aitesting.aws.dataapi;

import static com.aitesting.aws.dataapi.DataApiParameters.instant;
import static com.aitesting.aws.dataapi.DataApiParameters.longValue;
import static com.aitesting.aws.dataapi.DataApiParameters.string;

import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.run.AppendGuard;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

/** The read side of run_events over the Data API, with the same queries as the JDBC store; appends are refused. */
public final class DataApiRunEventStore implements RunEventStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    static final String EVENT_COLUMNS = "seq, type, payload::text AS payload, " + DataApiParameters.epochMicros("created_at");
    static final String LIST_AFTER = "SELECT " + EVENT_COLUMNS + " FROM run_events "
            + "WHERE run_id = CAST(:run_id AS uuid) AND seq > :after_seq ORDER BY seq LIMIT :limit";

    private final DataApiTransactions transactions;

    public DataApiRunEventStore(DataApiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public List<RunEvent> listAfter(RunId run, long afterSeq, int limit) {
        List<List<Field>> rows = transactions.execute(LIST_AFTER, List.of(
                DataApiParameters.text("run_id", run.value().toString()),
                DataApiParameters.number("after_seq", afterSeq),
                DataApiParameters.number("limit", limit)));
        List<RunEvent> events = new ArrayList<>(rows.size());
        for (List<Field> row : rows) {
            events.add(read(run, row));
        }
        return events;
    }

    /** The Data API takes no array parameters: one named parameter per type. */
    @Override
    public Optional<RunEvent> latestOf(RunId run, Set<String> types) {
        if (types.isEmpty()) {
            return Optional.empty();
        }
        List<SqlParameter> parameters = new ArrayList<>();
        parameters.add(DataApiParameters.text("run_id", run.value().toString()));
        List<String> names = new ArrayList<>();
        int i = 0;
        for (String type : types.stream().sorted().toList()) {
            names.add(":type_" + i);
            parameters.add(DataApiParameters.text("type_" + i, type));
            i++;
        }
        List<List<Field>> rows = transactions.execute(latestOfSql(names), parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(read(run, rows.getFirst()));
    }

    static String latestOfSql(List<String> typeParameters) {
        return "SELECT " + EVENT_COLUMNS + " FROM run_events WHERE run_id = CAST(:run_id AS uuid) AND type IN ("
                + String.join(", ", typeParameters) + ") ORDER BY seq DESC LIMIT 1";
    }

    static RunEvent read(RunId run, List<Field> row) {
        if (row.size() != 4) {
            throw new IllegalStateException("a run_events row has 4 columns, the Data API returned " + row.size());
        }
        return new RunEvent(run, longValue(row.get(0)), string(row.get(1)), payload(string(row.get(2))), instant(row.get(3)));
    }

    private static Map<String, Object> payload(String json) {
        try {
            return JSON.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored run event payload is not a JSON object");
        }
    }

    @Override
    public Optional<RunEvent> append(RunId run, NewRunEvent event) {
        throw readOnly();
    }

    @Override
    public Optional<RunEvent> append(RunId run, NewRunEvent event, AppendGuard guard) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the Data API event store only reads (the SSE function writes nothing)");
    }
}
