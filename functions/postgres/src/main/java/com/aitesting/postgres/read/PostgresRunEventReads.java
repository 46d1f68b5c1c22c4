package com.aitesting.postgres.read;

import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunHead;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunStatus;
import com.aitesting.postgres.Json;
import com.aitesting.postgres.PostgresTransactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link RunEventReads} over JDBC, in the transaction open on the calling thread ({@link RunReadSql}). */
public final class PostgresRunEventReads implements RunEventReads {
    private static final String HEAD = RunReadSql.positional(RunReadSql.HEAD);
    private static final String LIST_AFTER = RunReadSql.positional(RunReadSql.LIST_AFTER);

    private final PostgresTransactions transactions;

    public PostgresRunEventReads(PostgresTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<RunHead> head(RunId run) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(HEAD)) {
                ps.setString(1, run.value().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new RunHead(run, RunStatus.fromWire(rs.getString(1)), rs.getLong(2), rs.getLong(3)))
                            : Optional.<RunHead>empty();
                }
            }
        });
    }

    @Override
    public List<RunEvent> listAfter(RunId run, long afterSeq, int limit) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(LIST_AFTER)) {
                ps.setString(1, run.value().toString());
                ps.setLong(2, afterSeq);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<RunEvent> events = new ArrayList<>();
                    while (rs.next()) {
                        events.add(new RunEvent(run, rs.getLong(1), rs.getString(2), Json.object(rs.getString(3)),
                                RunReadSql.instantOfEpochMicros(rs.getLong(4))));
                    }
                    return events;
                }
            }
        });
    }
}
