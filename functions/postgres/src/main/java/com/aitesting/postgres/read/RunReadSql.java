package com.aitesting.postgres.read;

import com.aitesting.core.run.RunLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL of {@link com.aitesting.core.port.RunEventReads}, the one text both adapters run: JDBC
 * ({@link PostgresRunEventReads}, with {@link #positional}) and the Aurora Data API (named parameters as
 * written). Types are explicit in the text ({@code CAST(:run_id AS uuid)}, {@code payload::text},
 * timestamps as epoch microseconds), so neither adapter depends on driver type hints or on the text
 * rendering of a timestamp.
 */
public final class RunReadSql {
    /**
     * Parameter {@code run_id}; columns status, last_event_seq (the newest seq of the run's events, 0 for
     * none), end_seq (the seq of its terminal event, 0 for none: one lookup of the partial unique index
     * run_events_one_terminal, whose predicate is the same list of types). No row: the run is not visible.
     */
    public static final String HEAD = "SELECT r.status, " + latestSeqOf("r.id") + " AS last_event_seq, "
            + "coalesce((SELECT e.seq FROM run_events e WHERE e.run_id = r.id AND e.type IN (" + endEventTypes() + ")), 0) AS end_seq "
            + "FROM runs r WHERE r.id = CAST(:run_id AS uuid)";

    /** Parameters {@code run_id, after_seq, limit}; columns seq, type, payload (text), created_at (epoch µs). */
    public static final String LIST_AFTER = "SELECT seq, type, payload::text AS payload, "
            + epochMicros("created_at") + " FROM run_events "
            + "WHERE run_id = CAST(:run_id AS uuid) AND seq > :after_seq ORDER BY seq LIMIT :limit";

    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([a-z_][a-z0-9_]*)");

    /**
     * SQL for the newest seq of a run's events, 0 for none, for the run whose id is {@code runId} (a column or
     * parameter): the server-side function that the append uses too (V063, which says why it is a function),
     * one descent of run_events' primary key whatever the run's length. Runs keep no counter since V061.
     */
    public static String latestSeqOf(String runId) {
        return "latest_run_event_seq(" + runId + ")";
    }

    /** RunLifecycle's end events as SQL literals, sorted so the statement text is stable. */
    private static String endEventTypes() {
        return RunLifecycle.END_EVENTS.stream().sorted().map(type -> "'" + type + "'").collect(Collectors.joining(", "));
    }

    /** SQL for a timestamptz column as exact epoch microseconds (bigint): no time zone or DateStyle involved. */
    public static String epochMicros(String column) {
        return "(extract(epoch FROM " + column + ") * 1000000)::bigint AS " + column;
    }

    public static Instant instantOfEpochMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** The same statement with {@code ?} for each {@code :name} (JDBC); casts such as {@code ::text} stay. */
    public static String positional(String named) {
        return PARAMETER.matcher(named).replaceAll("?");
    }

    /** The names of {@code :name} parameters in the order they appear. */
    public static List<String> parameterNames(String named) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAMETER.matcher(named);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private RunReadSql() {}
}
