package com.aitesting.postgres;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.plan.AgentStrategy;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.plan.PlannedTest;
import com.aitesting.core.port.PlanRepository;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.tenant.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Table plans; tests and steps are jsonb arrays in the API's snake_case shape. */
public final class PostgresPlanRepository implements PlanRepository {
    private static final String COLUMNS =
            "id, tenant_id, engagement_id, risk_tier, strategy, tests, steps, estimated_duration_seconds, created_at";

    private final PostgresTransactions transactions;

    public PostgresPlanRepository(PostgresTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(Plan plan) {
        transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO plans (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)")) {
                ps.setObject(1, plan.id().value());
                ps.setString(2, plan.tenant().value());
                ps.setObject(3, plan.engagementId().value());
                ps.setString(4, plan.riskTier().wire());
                ps.setString(5, plan.strategy().wire());
                ps.setString(6, Json.write(plan.tests().stream().map(t -> Map.of("test_id", t.testId(), "agent", t.agent())).toList()));
                ps.setString(7, Json.write(plan.steps().stream().map(PostgresPlanRepository::stepDocument).toList()));
                ps.setLong(8, plan.estimatedDurationSeconds());
                Columns.setInstant(ps, 9, plan.createdAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Plan> find(PlanId id) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plans WHERE id = ?")) {
                ps.setObject(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    private static Map<String, Object> stepDocument(PlanStep step) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("index", step.index());
        doc.put("test_id", step.testId());
        doc.put("step_id", step.stepId());
        doc.put("title", step.title());
        doc.put("agent", step.agent());
        doc.put("nominal_seconds", step.nominalSeconds());
        return doc;
    }

    private static Plan read(ResultSet rs) throws SQLException {
        List<PlannedTest> tests = Json.array(rs.getString("tests")).stream()
                .map(t -> new PlannedTest((String) t.get("test_id"), (String) t.get("agent")))
                .toList();
        List<PlanStep> steps = Json.array(rs.getString("steps")).stream()
                .map(s -> new PlanStep(((Number) s.get("index")).intValue(), (String) s.get("test_id"), (String) s.get("step_id"),
                        (String) s.get("title"), (String) s.get("agent"), ((Number) s.get("nominal_seconds")).intValue()))
                .toList();
        return new Plan(
                new PlanId(rs.getObject("id", UUID.class)),
                new TenantId(rs.getString("tenant_id")),
                new EngagementId(rs.getObject("engagement_id", UUID.class)),
                RiskTier.fromWire(rs.getString("risk_tier")),
                AgentStrategy.fromWire(rs.getString("strategy")),
                tests,
                steps,
                rs.getLong("estimated_duration_seconds"),
                Columns.instant(rs, "created_at"));
    }
}
