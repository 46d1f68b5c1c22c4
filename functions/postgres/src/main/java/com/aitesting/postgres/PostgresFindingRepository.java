package com.aitesting.postgres;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.finding.EngagementFinding;
import com.aitesting.core.finding.Finding;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.finding.Severity;
import com.aitesting.core.finding.SeverityCounts;
import com.aitesting.core.page.PageKey;
import com.aitesting.core.port.FindingRepository;
import com.aitesting.core.run.RunId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Table findings (V052). The run's tenant is taken from its row inside the INSERT, so a finding can only be
 * written for a run visible to the bound tenant (row-level security), and ON CONFLICT on (run, fingerprint)
 * makes a redelivered step write nothing twice. The lists filter and sort on severity_rank (V059), which is
 * {@link Severity}'s ordinal.
 */
public final class PostgresFindingRepository implements FindingRepository {
    private static final String COLUMNS = "f.id, f.run_id, f.step_index, f.test_id, f.rule_id, f.severity, f.title, f.description,"
            + " f.target_host, f.target_address, f.target_port, f.target_url, f.evidence, f.fingerprint, f.created_at";

    private final PostgresTransactions transactions;

    public PostgresFindingRepository(PostgresTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Finding> insert(RunId run, int stepIndex, NewFinding finding) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO findings AS f (id, tenant_id, run_id, step_index, test_id, rule_id, severity, title,
                        description, target_host, target_address, target_port, target_url, evidence, fingerprint)
                    SELECT ?, r.tenant_id, r.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ? FROM runs r WHERE r.id = ?
                    ON CONFLICT (run_id, fingerprint) DO NOTHING
                    RETURNING\s""" + COLUMNS)) {
                FindingTarget target = finding.target();
                ps.setObject(1, UUID.randomUUID());
                ps.setInt(2, stepIndex);
                ps.setString(3, finding.testId());
                ps.setString(4, finding.ruleId());
                ps.setString(5, finding.severity().wire());
                ps.setString(6, finding.title());
                ps.setString(7, finding.description());
                ps.setString(8, target.host());
                ps.setString(9, target.address());
                if (target.port() == null) {
                    ps.setNull(10, Types.INTEGER);
                } else {
                    ps.setInt(10, target.port());
                }
                ps.setString(11, target.url());
                ps.setString(12, Json.write(finding.evidence()));
                ps.setString(13, finding.fingerprint());
                ps.setObject(14, run.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Finding> listByRun(RunId run, Severity minimum) {
        return byRun(run, minimum, Optional.empty(), null);
    }

    @Override
    public List<Finding> pageByRun(RunId run, Severity minimum, Optional<PageKey> after, int limit) {
        return byRun(run, minimum, after, limit);
    }

    /** The run's findings in their list order (index findings_page, V059); all of them when {@code limit} is null. */
    private List<Finding> byRun(RunId run, Severity minimum, Optional<PageKey> after, Integer limit) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM findings f"
                    + " WHERE f.run_id = ? AND f.severity_rank >= ?"
                    + (after.isPresent() ? " AND (f.severity_rank, f.created_at, f.id) < (?, ?, ?)" : "")
                    + " ORDER BY f.severity_rank DESC, f.created_at DESC, f.id DESC"
                    + (limit == null ? "" : " LIMIT ?"))) {
                ps.setObject(1, run.value());
                ps.setInt(2, minimum.ordinal());
                int next = Columns.setRankedPageAfter(ps, 3, after);
                if (limit != null) {
                    ps.setInt(next, limit);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<Finding> all = new ArrayList<>();
                    while (rs.next()) {
                        all.add(read(rs));
                    }
                    return all;
                }
            }
        });
    }

    @Override
    public SeverityCounts countByRun(RunId run) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT severity, count(*) FROM findings WHERE run_id = ? GROUP BY severity")) {
                ps.setObject(1, run.value());
                try (ResultSet rs = ps.executeQuery()) {
                    Map<Severity, Long> counts = new EnumMap<>(Severity.class);
                    while (rs.next()) {
                        counts.put(Severity.fromWire("severity", rs.getString(1)), rs.getLong(2));
                    }
                    return new SeverityCounts(counts);
                }
            }
        });
    }

    @Override
    public List<EngagementFinding> pageByEngagement(EngagementId engagement, Severity minimum, Optional<PageKey> after, int limit) {
        return transactions.withConnection(c -> {
            // Window functions over each fingerprint's findings in the engagement's runs: the newest row is the
            // latest sighting; the oldest one (its id, run and time) is the first sighting. The keyset applies
            // to the issues, so each page still reads every finding of the engagement once.
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM (SELECT " + COLUMNS + ", f.severity_rank,"
                    + " first_value(f.id) OVER first_sighting AS first_seen_id,"
                    + " first_value(f.run_id) OVER first_sighting AS first_seen_run,"
                    + " first_value(f.created_at) OVER first_sighting AS first_seen_at,"
                    + " count(*) OVER (PARTITION BY f.fingerprint) AS runs_seen,"
                    + " row_number() OVER (PARTITION BY f.fingerprint ORDER BY f.created_at DESC, f.id DESC) AS newest"
                    + " FROM findings f JOIN runs r ON r.id = f.run_id"
                    + " WHERE r.engagement_id = ?"
                    + " WINDOW first_sighting AS (PARTITION BY f.fingerprint ORDER BY f.created_at, f.id)) f"
                    + " WHERE f.newest = 1 AND f.severity_rank >= ?"
                    + (after.isPresent() ? " AND (f.severity_rank, f.first_seen_at, f.first_seen_id) < (?, ?, ?)" : "")
                    + " ORDER BY f.severity_rank DESC, f.first_seen_at DESC, f.first_seen_id DESC LIMIT ?")) {
                ps.setObject(1, engagement.value());
                ps.setInt(2, minimum.ordinal());
                int next = Columns.setRankedPageAfter(ps, 3, after);
                ps.setInt(next, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<EngagementFinding> page = new ArrayList<>();
                    while (rs.next()) {
                        page.add(new EngagementFinding(read(rs), rs.getObject("first_seen_id", UUID.class),
                                new RunId(rs.getObject("first_seen_run", UUID.class)), Columns.instant(rs, "first_seen_at"),
                                rs.getInt("runs_seen")));
                    }
                    return page;
                }
            }
        });
    }

    private static Finding read(ResultSet rs) throws SQLException {
        Integer port = rs.getObject("target_port", Integer.class);
        NewFinding reported = new NewFinding(
                rs.getString("test_id"),
                rs.getString("rule_id"),
                Severity.fromWire("severity", rs.getString("severity")),
                rs.getString("title"),
                rs.getString("description"),
                new FindingTarget(rs.getString("target_host"), rs.getString("target_address"), port, rs.getString("target_url")),
                Json.object(rs.getString("evidence")));
        return new Finding(rs.getObject("id", UUID.class), new RunId(rs.getObject("run_id", UUID.class)),
                rs.getInt("step_index"), reported, rs.getString("fingerprint"), Columns.instant(rs, "created_at"));
    }
}
