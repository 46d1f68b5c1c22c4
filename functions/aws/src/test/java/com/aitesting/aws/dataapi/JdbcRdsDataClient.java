package com.aitesting.aws.dataapi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.BadRequestException;
import software.amazon.awssdk.services.rdsdata.model.BeginTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.BeginTransactionResponse;
import software.amazon.awssdk.services.rdsdata.model.CommitTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.CommitTransactionResponse;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.RollbackTransactionRequest;
import software.amazon.awssdk.services.rdsdata.model.RollbackTransactionResponse;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.TransactionNotFoundException;

/**
 * Test double of the Data API at the SDK's own port ({@link RdsDataClient}), executing the statements on a
 * real PostgreSQL through JDBC as the login of {@code dataSource} (the restricted application role), so the
 * adapters' SQL, parameters, transactions and row-level security are exercised for real. What it models
 * of the Data API: named {@code :params} from {@link Field} values, records as fields (integers as
 * longValue, booleans as booleanValue, everything else as stringValue, NULL as isNull), transactions by
 * id. What it cannot show: the real service's behaviour (auth, limits, its own type conversions beyond
 * these); see infra-cdk/README.md.
 */
public final class JdbcRdsDataClient implements RdsDataClient {
    private static final Pattern NAMED = Pattern.compile("(?<!:):([A-Za-z_][A-Za-z0-9_]*)");

    private final DataSource dataSource;
    private final DataApiTarget expected;
    private final Map<String, Connection> transactions = new ConcurrentHashMap<>();
    /** Every request, in order, for assertions. */
    public final List<Object> requests = new CopyOnWriteArrayList<>();

    public JdbcRdsDataClient(DataSource dataSource, DataApiTarget expected) {
        this.dataSource = dataSource;
        this.expected = expected;
    }

    private void check(String resourceArn, String secretArn) {
        if (!expected.clusterArn().equals(resourceArn) || !expected.secretArn().equals(secretArn)) {
            throw BadRequestException.builder().message("unexpected resourceArn/secretArn").build();
        }
    }

    @Override
    public BeginTransactionResponse beginTransaction(BeginTransactionRequest request) {
        requests.add(request);
        check(request.resourceArn(), request.secretArn());
        if (!expected.database().equals(request.database())) {
            throw BadRequestException.builder().message("unexpected database").build();
        }
        try {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(false);
            String id = UUID.randomUUID().toString();
            transactions.put(id, c);
            return BeginTransactionResponse.builder().transactionId(id).build();
        } catch (SQLException e) {
            throw BadRequestException.builder().message(e.getMessage()).build();
        }
    }

    @Override
    public ExecuteStatementResponse executeStatement(ExecuteStatementRequest request) {
        requests.add(request);
        check(request.resourceArn(), request.secretArn());
        Connection c = request.transactionId() == null ? null : transactions.get(request.transactionId());
        if (request.transactionId() != null && c == null) {
            throw TransactionNotFoundException.builder().message("Transaction " + request.transactionId() + " is not found").build();
        }
        try {
            if (c == null) {
                try (Connection auto = dataSource.getConnection()) {
                    return run(auto, request);
                }
            }
            return run(c, request);
        } catch (SQLException e) {
            throw BadRequestException.builder().message(e.getMessage()).build();
        }
    }

    private static ExecuteStatementResponse run(Connection c, ExecuteStatementRequest request) throws SQLException {
        List<String> names = new ArrayList<>();
        Matcher m = NAMED.matcher(request.sql());
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        Map<String, Field> values = new ConcurrentHashMap<>();
        for (SqlParameter p : request.parameters()) {
            values.put(p.name(), p.value());
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < names.size(); i++) {
                Field f = values.get(names.get(i));
                if (f == null) {
                    throw BadRequestException.builder().message("no value for :" + names.get(i)).build();
                }
                if (Boolean.TRUE.equals(f.isNull())) {
                    ps.setNull(i + 1, Types.NULL);
                } else if (f.longValue() != null) {
                    ps.setLong(i + 1, f.longValue());
                } else if (f.stringValue() != null) {
                    ps.setString(i + 1, f.stringValue());
                } else if (f.booleanValue() != null) {
                    ps.setBoolean(i + 1, f.booleanValue());
                } else {
                    throw BadRequestException.builder().message("unsupported field " + f.type()).build();
                }
            }
            if (!ps.execute()) {
                return ExecuteStatementResponse.builder().numberOfRecordsUpdated((long) ps.getUpdateCount()).build();
            }
            List<List<Field>> records = new ArrayList<>();
            try (ResultSet rs = ps.getResultSet()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    List<Field> row = new ArrayList<>();
                    for (int col = 1; col <= meta.getColumnCount(); col++) {
                        Object value = rs.getObject(col);
                        if (value == null) {
                            row.add(Field.builder().isNull(true).build());
                            continue;
                        }
                        switch (meta.getColumnType(col)) {
                            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> row.add(Field.builder().longValue(rs.getLong(col)).build());
                            case Types.BOOLEAN, Types.BIT -> row.add(Field.builder().booleanValue(rs.getBoolean(col)).build());
                            default -> row.add(Field.builder().stringValue(rs.getString(col)).build());
                        }
                    }
                    records.add(row);
                }
            }
            return ExecuteStatementResponse.builder().records(records).build();
        }
    }

    @Override
    public CommitTransactionResponse commitTransaction(CommitTransactionRequest request) {
        requests.add(request);
        check(request.resourceArn(), request.secretArn());
        Connection c = take(request.transactionId());
        try (c) {
            c.commit();
            return CommitTransactionResponse.builder().transactionStatus("Transaction Committed").build();
        } catch (SQLException e) {
            throw BadRequestException.builder().message(e.getMessage()).build();
        }
    }

    @Override
    public RollbackTransactionResponse rollbackTransaction(RollbackTransactionRequest request) {
        requests.add(request);
        check(request.resourceArn(), request.secretArn());
        Connection c = take(request.transactionId());
        try (c) {
            c.rollback();
            return RollbackTransactionResponse.builder().transactionStatus("Rollback Complete").build();
        } catch (SQLException e) {
            throw BadRequestException.builder().message(e.getMessage()).build();
        }
    }

    private Connection take(String id) {
        Connection c = transactions.remove(id);
        if (c == null) {
            throw TransactionNotFoundException.builder().message("Transaction " + id + " is not found").build();
        }
        return c;
    }

    /** Transactions begun and not yet committed or rolled back (a leak would show here). */
    public int openTransactions() {
        return transactions.size();
    }

    @Override
    public String serviceName() {
        return "rds-data";
    }

    @Override
    public void close() {
        transactions.values().forEach(c -> {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a test double
            }
        });
    }
}
