package com.aitesting.postgres;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementAuthorization;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.engagement.EngagementType;
import com.aitesting.core.page.PageKey;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.tenant.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Table engagements. The scope lists and windows are one jsonb document ({@link ScopeDocument}).
 */
public final class PostgresEngagementRepository implements EngagementRepository {
    private static final String COLUMNS = "id, tenant_id, name, type, risk_tier, scope, created_at, created_by, allow_large_scope";
    /** The engagement with its current (newest) authorization, if any. */
    private static final String SELECT = "SELECT e.id, e.tenant_id, e.name, e.type, e.risk_tier, e.scope, e.created_at, e.created_by, e.allow_large_scope,"
            + " a.reference AS authorization_reference, a.recorded_by AS authorization_recorded_by,"
            + " a.recorded_at AS authorization_recorded_at"
            + " FROM engagements e LEFT JOIN LATERAL (SELECT reference, recorded_by, recorded_at FROM engagement_authorizations"
            + " WHERE engagement_id = e.id ORDER BY recorded_at DESC, id DESC LIMIT 1) a ON true";

    private final PostgresTransactions transactions;

    public PostgresEngagementRepository(PostgresTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(Engagement e) {
        transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO engagements (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)")) {
                ps.setObject(1, e.id().value());
                ps.setString(2, e.tenant().value());
                ps.setString(3, e.name());
                ps.setString(4, e.type().wire());
                ps.setString(5, e.scope().riskTier().wire());
                ps.setString(6, ScopeDocument.write(e.scope()));
                Columns.setInstant(ps, 7, e.createdAt());
                ps.setString(8, e.createdBy());
                ps.setBoolean(9, e.allowLargeScope());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Engagement> find(EngagementId id) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE e.id = ?")) {
                ps.setObject(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Engagement> list(Optional<PageKey> after, int limit) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT
                    + (after.isPresent() ? " WHERE (e.created_at, e.id) < (?, ?)" : "") + " ORDER BY e.created_at DESC, e.id DESC LIMIT ?")) {
                int next = Columns.setPageAfter(ps, 1, after);
                ps.setInt(next, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Engagement> page = new ArrayList<>();
                    while (rs.next()) {
                        page.add(read(rs));
                    }
                    return page;
                }
            }
        });
    }

    @Override
    public void recordAuthorization(EngagementId engagement, EngagementAuthorization authorization) {
        transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO engagement_authorizations"
                    + " (id, tenant_id, engagement_id, reference, recorded_at, recorded_by)"
                    + " SELECT ?, tenant_id, id, ?, ?, ? FROM engagements WHERE id = ?")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, authorization.reference());
                Columns.setInstant(ps, 3, authorization.recordedAt());
                ps.setString(4, authorization.recordedBy());
                ps.setObject(5, engagement.value());
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("engagement " + engagement + " is not visible in this transaction");
                }
                return null;
            }
        });
    }

    private static Engagement read(ResultSet rs) throws SQLException {
        Scope scope = ScopeDocument.read(rs.getString("scope"), rs.getString("risk_tier"));
        return new Engagement(
                new EngagementId(rs.getObject("id", UUID.class)),
                new TenantId(rs.getString("tenant_id")),
                rs.getString("name"),
                EngagementType.fromWire(rs.getString("type")),
                scope,
                Columns.instant(rs, "created_at"),
                rs.getString("created_by"),
                rs.getString("authorization_reference") == null ? null : new EngagementAuthorization(
                        rs.getString("authorization_reference"), rs.getString("authorization_recorded_by"),
                        Columns.instant(rs, "authorization_recorded_at")),
                rs.getBoolean("allow_large_scope"));
    }
}
