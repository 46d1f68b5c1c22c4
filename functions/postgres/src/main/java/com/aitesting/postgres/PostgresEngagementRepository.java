package com.aitesting.postgres;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementAuthorization;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.engagement.EngagementType;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeEntry;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.scope.TestingWindow;
import com.aitesting.core.scope.WindowInput;
import com.aitesting.core.tenant.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Table engagements. The scope lists and windows are one jsonb document in the API's own shape; reading
 * it back goes through {@link Scope#parse}, so a stored scope is held to the same rules as a new one.
 */
public final class PostgresEngagementRepository implements EngagementRepository {
    private static final String COLUMNS = "id, tenant_id, name, type, risk_tier, scope, created_at, created_by";
    /** The engagement with its current (newest) authorization, if any. */
    private static final String SELECT = "SELECT e.id, e.tenant_id, e.name, e.type, e.risk_tier, e.scope, e.created_at, e.created_by,"
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
                    "INSERT INTO engagements (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
                ps.setObject(1, e.id().value());
                ps.setString(2, e.tenant().value());
                ps.setString(3, e.name());
                ps.setString(4, e.type().wire());
                ps.setString(5, e.scope().riskTier().wire());
                ps.setString(6, Json.write(scopeDocument(e.scope())));
                Columns.setInstant(ps, 7, e.createdAt());
                ps.setString(8, e.createdBy());
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
    public List<Engagement> list() {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    SELECT + " ORDER BY e.created_at DESC, e.id");
                 ResultSet rs = ps.executeQuery()) {
                List<Engagement> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(read(rs));
                }
                return all;
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
        Map<String, Object> doc = Json.object(rs.getString("scope"));
        Scope scope = Scope.parse(new ScopeInput(
                strings(doc.get("in_scope_domains")),
                strings(doc.get("in_scope_cidrs")),
                strings(doc.get("out_of_scope")),
                rs.getString("risk_tier"),
                windows(doc.get("windows")),
                doc.get("rate_limit") instanceof Number n ? n.intValue() : null));
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
                        Columns.instant(rs, "authorization_recorded_at")));
    }

    private static Map<String, Object> scopeDocument(Scope scope) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("in_scope_domains", scope.inScopeDomains().stream().map(ScopeEntry::text).toList());
        doc.put("in_scope_cidrs", scope.inScopeCidrs().stream().map(ScopeEntry::text).toList());
        doc.put("out_of_scope", scope.outOfScope().stream().map(ScopeEntry::text).toList());
        doc.put("windows", scope.windows().windows().stream().map(PostgresEngagementRepository::windowDocument).toList());
        doc.put("rate_limit", scope.rateLimit());
        return doc;
    }

    private static Map<String, Object> windowDocument(TestingWindow window) {
        Map<String, Object> doc = new LinkedHashMap<>();
        switch (window) {
            case TestingWindow.Absolute a -> {
                doc.put("kind", "absolute");
                doc.put("start", a.start().toString());
                doc.put("end", a.end().toString());
            }
            case TestingWindow.Weekly w -> {
                doc.put("kind", "weekly");
                doc.put("days", w.dayNames());
                doc.put("start", w.start().toString());
                doc.put("end", w.end().toString());
                doc.put("time_zone", w.timeZone().getId());
            }
        }
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<WindowInput> windows(Object value) {
        if (value == null) {
            return List.of();
        }
        return ((List<Map<String, Object>>) value).stream()
                .map(w -> new WindowInput((String) w.get("kind"), (String) w.get("start"), (String) w.get("end"),
                        (List<String>) w.get("days"), (String) w.get("time_zone")))
                .toList();
    }
}
