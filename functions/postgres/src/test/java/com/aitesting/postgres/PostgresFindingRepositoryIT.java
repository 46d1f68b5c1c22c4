package com.aitesting.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementAuthorization;
import com.aitesting.core.finding.EngagementFinding;
import com.aitesting.core.finding.Finding;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.finding.Severity;
import com.aitesting.core.run.Run;
import com.aitesting.core.tenant.Actor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresFindingRepositoryIT {
    private static final Actor ALICE = Fixtures.actor("t_alice");
    private static final Actor BOB = Fixtures.actor("t_bob");
    private static EmbeddedDatabase.Migrated db;
    private static Fixtures fx;

    @BeforeAll
    static void setUp() {
        db = EmbeddedDatabase.createMigrated();
        fx = new Fixtures(db);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static NewFinding openPort(int port) {
        return new NewFinding("network.nmap.tcp_top_1000", "network.port.open", Severity.INFO, "Open port " + port,
                "TCP port " + port + " accepted a connection.", new FindingTarget(null, "127.0.0.1", port, null),
                Map.of("answered", "connect accepted", "elapsed_ms", 3));
    }

    static NewFinding missingHsts(String url, Severity severity) {
        return new NewFinding("http.security_headers", "http.header.hsts_missing", severity, "HSTS header missing",
                "The response has no Strict-Transport-Security header.", new FindingTarget("localhost", "127.0.0.1", 8443, url),
                Map.of("headers", Map.of("content-type", "text/html"), "status", 200));
    }

    private static <T> T as(Actor actor, java.util.function.Supplier<T> work) {
        return fx.transactions.inTenant(actor.tenant(), work);
    }

    @Test
    void aFindingIsStoredOnceAndReadBackAsWritten() {
        Run run = fx.queuedRun(ALICE);
        NewFinding hsts = missingHsts("https://localhost:8443/", Severity.MEDIUM);
        Finding stored = as(ALICE, () -> fx.findings.insert(run.id(), 3, hsts)).orElseThrow();
        assertThat(stored.run()).isEqualTo(run.id());
        assertThat(stored.stepIndex()).isEqualTo(3);
        assertThat(stored.reported()).isEqualTo(hsts);
        assertThat(stored.fingerprint()).isEqualTo(hsts.fingerprint());
        assertThat(stored.createdAt()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));

        // a redelivered step reports the same finding again (other evidence, same rule and target): nothing new
        NewFinding again = new NewFinding(hsts.testId(), hsts.ruleId(), hsts.severity(), hsts.title(), hsts.description(),
                hsts.target(), Map.of("status", 301));
        assertThat(as(ALICE, () -> fx.findings.insert(run.id(), 3, again))).isEmpty();
        assertThat(as(ALICE, () -> fx.findings.listByRun(run.id(), Severity.INFO))).containsExactly(stored);
    }

    @Test
    void aRunsFindingsAreListedMostSevereFirstAndFilteredByMinimumSeverity() {
        Run run = fx.queuedRun(ALICE);
        as(ALICE, () -> fx.findings.insert(run.id(), 0, openPort(22)));
        as(ALICE, () -> fx.findings.insert(run.id(), 0, missingHsts("https://localhost:8443/", Severity.MEDIUM)));
        as(ALICE, () -> fx.findings.insert(run.id(), 0, openPort(80)));
        as(ALICE, () -> fx.findings.insert(run.id(), 1, missingHsts("https://localhost:9443/", Severity.HIGH)));

        List<Finding> all = as(ALICE, () -> fx.findings.listByRun(run.id(), Severity.INFO));
        assertThat(all).extracting(f -> f.reported().severity())
                .containsExactly(Severity.HIGH, Severity.MEDIUM, Severity.INFO, Severity.INFO);
        assertThat(all.subList(2, 4)).extracting(f -> f.reported().target().port()).containsExactly(80, 22); // newest first
        // a page ends at its last finding's key and the next starts right after it, in the same order
        List<Finding> firstPage = as(ALICE, () -> fx.findings.pageByRun(run.id(), Severity.INFO, Optional.empty(), 3));
        assertThat(firstPage).isEqualTo(all.subList(0, 3));
        assertThat(as(ALICE, () -> fx.findings.pageByRun(run.id(), Severity.INFO, Optional.of(firstPage.get(1).pageKey()), 3)))
                .isEqualTo(all.subList(2, 4));
        assertThat(as(ALICE, () -> fx.findings.pageByRun(run.id(), Severity.MEDIUM, Optional.of(all.get(0).pageKey()), 3)))
                .isEqualTo(all.subList(1, 2));
        assertThat(as(ALICE, () -> fx.findings.listByRun(run.id(), Severity.MEDIUM))).hasSize(2);
        assertThat(as(ALICE, () -> fx.findings.listByRun(run.id(), Severity.CRITICAL))).isEmpty();

        var counts = as(ALICE, () -> fx.findings.countByRun(run.id()));
        assertThat(counts.of(Severity.INFO)).isEqualTo(2);
        assertThat(counts.of(Severity.MEDIUM)).isEqualTo(1);
        assertThat(counts.of(Severity.HIGH)).isEqualTo(1);
        assertThat(counts.of(Severity.CRITICAL)).isZero();
        assertThat(counts.total()).isEqualTo(4);
    }

    @Test
    void anEngagementListsEachIssueOnceWithItsFirstAndLastSighting() {
        Engagement engagement = fx.engagement(ALICE);
        Run first = fx.queuedRun(ALICE, engagement);
        Run second = fx.queuedRun(ALICE, engagement);
        as(ALICE, () -> fx.findings.insert(first.id(), 0, openPort(22)));
        as(ALICE, () -> fx.findings.insert(first.id(), 0, openPort(23))); // closed by the second run
        Finding latestSsh = as(ALICE, () -> fx.findings.insert(second.id(), 0, openPort(22))).orElseThrow();
        Finding hsts = as(ALICE, () -> fx.findings.insert(second.id(), 1, missingHsts("https://localhost:8443/", Severity.MEDIUM))).orElseThrow();

        List<EngagementFinding> issues = as(ALICE, () -> fx.findings.pageByEngagement(engagement.id(), Severity.INFO, Optional.empty(), 200));
        assertThat(issues).hasSize(3);
        assertThat(issues.get(0).latest()).isEqualTo(hsts);
        EngagementFinding ssh = issues.stream().filter(i -> i.latest().reported().target().port() == 22).findFirst().orElseThrow();
        assertThat(ssh.latest()).isEqualTo(latestSsh);
        assertThat(ssh.firstSeenRun()).isEqualTo(first.id());
        assertThat(ssh.lastSeenRun()).isEqualTo(second.id());
        assertThat(ssh.firstSeenAt()).isBefore(ssh.lastSeenAt());
        assertThat(ssh.runsSeen()).isEqualTo(2);
        EngagementFinding telnet = issues.stream().filter(i -> i.latest().reported().target().port() == 23).findFirst().orElseThrow();
        assertThat(telnet.lastSeenRun()).isEqualTo(first.id());
        assertThat(telnet.runsSeen()).isEqualTo(1);

        assertThat(as(ALICE, () -> fx.findings.pageByEngagement(engagement.id(), Severity.MEDIUM, Optional.empty(), 200)))
                .extracting(EngagementFinding::latest).containsExactly(hsts);
        // another engagement's runs are not mixed in
        assertThat(as(ALICE, () -> fx.findings.pageByEngagement(fx.engagement(ALICE).id(), Severity.INFO, Optional.empty(), 200))).isEmpty();
    }

    @Test
    void anotherTenantNeitherSeesNorWritesARunsFindings() throws Exception {
        Run run = fx.queuedRun(ALICE);
        as(ALICE, () -> fx.findings.insert(run.id(), 0, openPort(443)));

        assertThat(as(BOB, () -> fx.findings.listByRun(run.id(), Severity.INFO))).isEmpty();
        assertThat(as(BOB, () -> fx.findings.countByRun(run.id())).total()).isZero();
        assertThat(as(BOB, () -> fx.findings.pageByEngagement(run.engagementId(), Severity.INFO, Optional.empty(), 200))).isEmpty();
        assertThat(as(BOB, () -> fx.findings.insert(run.id(), 0, openPort(8080)))).isEmpty();

        try (Connection c = EmbeddedDatabase.superuserDataSource(db.database()).getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), min(tenant_id) FROM findings WHERE run_id = '" + run.id() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("only alice's own finding exists").isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("t_alice");
        }
    }

    @Test
    void theNewestAuthorizationIsCurrentAndAnotherTenantCannotRecordOne() {
        Engagement engagement = fx.engagement(ALICE);
        assertThat(as(ALICE, () -> fx.engagements.find(engagement.id())).orElseThrow().currentAuthorization()).isEmpty();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EngagementAuthorization first = new EngagementAuthorization("SEC-1", "yered", now);
        EngagementAuthorization second = new EngagementAuthorization("contract 2026/7", "ana", now.plusSeconds(5));
        fx.transactions.inTenant(ALICE.tenant(), () -> fx.engagements.recordAuthorization(engagement.id(), first));
        fx.transactions.inTenant(ALICE.tenant(), () -> fx.engagements.recordAuthorization(engagement.id(), second));
        assertThat(as(ALICE, () -> fx.engagements.find(engagement.id())).orElseThrow().currentAuthorization()).contains(second);
        assertThat(as(ALICE, () -> fx.engagements.list(java.util.Optional.empty(), 200)).stream().filter(e -> e.id().equals(engagement.id())).findFirst()
                .flatMap(Engagement::currentAuthorization)).contains(second);

        assertThatThrownBy(() -> fx.transactions.inTenant(BOB.tenant(),
                () -> fx.engagements.recordAuthorization(engagement.id(), new EngagementAuthorization("x", "mallory", now))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(as(ALICE, () -> fx.engagements.find(engagement.id())).flatMap(Engagement::currentAuthorization))
                .isEqualTo(Optional.of(second));
    }
}
