package com.aitesting.api.finding;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.Pages;
import com.aitesting.api.support.RunHistory;
import com.aitesting.api.support.TestServer;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.PostgresTransactions;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The findings lists are paged like every list (limit, opaque cursor, Link rel="next"): 10,000 findings of a run
 * and 10,000 issues of an engagement come back each exactly once in their order, findings stored while a client
 * pages neither repeat nor hide the others, and the exports stay whole documents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FindingsPagingIT {
    private static final String TENANT = "t_findpage";
    private static final List<String> MOST_SEVERE_FIRST = List.of("critical", "high", "medium", "low", "info");
    private TestServer server;
    private Api api;
    private PostgresTransactions transactions;
    private String engagement;
    private String plan;

    @BeforeAll
    void start() {
        server = TestServer.start();
        api = new Api(server, TENANT);
        transactions = new PostgresTransactions(server.database().appDataSource());
        engagement = api.createEngagement().path("id").asText();
        plan = api.createPlan(engagement).path("id").asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String newRun(String engagementId, String planId) {
        return api.startRun(engagementId, planId).path("id").asText();
    }

    /**
     * {@code count} findings of {@code run} in one statement, as the app role in the tenant (RLS applies):
     * fingerprint {@code prefix + g}, severities in turn, three at a time sharing a created_at (so the id
     * breaks ties) from {@code from} on. Returns the ids.
     */
    private Set<String> insertFindings(String run, String prefix, int count, Instant from) {
        return transactions.inTenant(new TenantId(TENANT), () -> transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO findings (id, tenant_id, run_id, step_index, test_id, rule_id, severity, title, description,
                                          target_address, target_port, fingerprint, created_at)
                    SELECT gen_random_uuid(), current_setting('app.tenant_id'), ?, 1, 'network.nmap.tcp_top_1000',
                           'network.port.open', (ARRAY['info','low','medium','high','critical'])[1 + g % 5],
                           'Open TCP port ' || g, 'bulk', '127.0.0.1', 1 + g % 65535, ? || g,
                           ?::timestamptz + (g / 3) * interval '1 millisecond'
                    FROM generate_series(1, ?) g RETURNING id""")) {
                ps.setObject(1, UUID.fromString(run));
                ps.setString(2, prefix);
                ps.setString(3, from.toString());
                ps.setInt(4, count);
                Set<String> ids = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        }));
    }

    private static List<String> field(List<JsonNode> items, String field) {
        return items.stream().map(i -> i.path(field).asText()).toList();
    }

    /** Most severe first, then {@code time} (a finding's created_at, an issue's first sighting) newest first. */
    private static void assertListOrder(List<JsonNode> items, String timeField) {
        for (int i = 1; i < items.size(); i++) {
            int before = MOST_SEVERE_FIRST.indexOf(items.get(i - 1).path("severity").asText());
            int now = MOST_SEVERE_FIRST.indexOf(items.get(i).path("severity").asText());
            assertThat(now).as("severity of item %d", i).isGreaterThanOrEqualTo(before);
            if (now == before) {
                assertThat(Instant.parse(items.get(i).at(timeField).asText()))
                        .as("time of item %d", i).isBeforeOrEqualTo(Instant.parse(items.get(i - 1).at(timeField).asText()));
            }
        }
    }

    @Test
    void tenThousandFindingsOfARunComeBackEachExactlyOnceAndTheExportsHoldThemAll() {
        String run = newRun(engagement, plan);
        Set<String> inserted = insertFindings(run, "bulk-", 10_000, Instant.parse("2026-01-01T00:00:00Z"));

        List<JsonNode> pages = Pages.walk(api, "/v1/tests/" + run + "/findings?limit=200");
        assertThat(pages).hasSize(50).allSatisfy(p -> assertThat(p.size()).isEqualTo(200));
        List<JsonNode> items = Pages.items(pages);
        assertThat(field(items, "id")).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(new HashSet<>(field(items, "id"))).isEqualTo(inserted);
        assertListOrder(items, "/created_at");

        // the minimum severity is kept on every next link
        List<JsonNode> serious = Pages.items(Pages.walk(api, "/v1/tests/" + run + "/findings?severity=high&limit=150"));
        assertThat(serious).hasSize(4_000);
        assertThat(new HashSet<>(field(serious, "severity"))).containsExactlyInAnyOrder("high", "critical");
        assertThat(field(serious, "id")).doesNotHaveDuplicates();

        // the default page is 50
        TestServer.Response first = api.get("/v1/tests/" + run + "/findings");
        assertThat(first.json()).hasSize(50);
        assertThat(Pages.next(first)).startsWith("/v1/tests/" + run + "/findings?").contains("limit=50", "cursor=");

        // an export is a whole document: every finding, no Link (of a real run that ended: FindingExportsIT)
        RunHistory.complete(server, TENANT, run, RunMode.REAL);
        TestServer.Response sarif = api.get("/v1/tests/" + run + "/findings?format=sarif");
        assertThat(sarif.status()).as("%s", sarif.status()).isEqualTo(200);
        assertThat(sarif.header("Link")).isNull();
        assertThat(sarif.json().path("runs").get(0).path("results")).hasSize(10_000);
        TestServer.Response dojo = api.get("/v1/tests/" + run + "/findings?format=defectdojo&severity=critical");
        assertThat(dojo.header("Link")).isNull();
        assertThat(dojo.json().path("findings")).hasSize(2_000);
    }

    @Test
    void tenThousandIssuesOfAnEngagementComeBackEachExactlyOnce() {
        String otherEngagement = api.createEngagement().path("id").asText();
        String otherPlan = api.createPlan(otherEngagement).path("id").asText();
        String first = newRun(otherEngagement, otherPlan);
        String second = newRun(otherEngagement, otherPlan);
        insertFindings(first, "issue-", 10_000, Instant.parse("2026-01-01T00:00:00Z"));
        insertFindings(second, "issue-", 5_000, Instant.parse("2026-02-01T00:00:00Z")); // half seen again

        List<JsonNode> pages = Pages.walk(api, "/v1/engagements/" + otherEngagement + "/findings?limit=200");
        assertThat(pages).hasSize(50);
        List<JsonNode> issues = Pages.items(pages);
        assertThat(field(issues, "fingerprint")).hasSize(10_000).doesNotHaveDuplicates();
        assertListOrder(issues, "/first_seen/at");
        assertThat(issues).allSatisfy(issue -> assertThat(issue.path("first_seen").path("run_id").asText()).isEqualTo(first));
        assertThat(issues.stream().filter(i -> i.path("runs_seen").asInt() == 2))
                .hasSize(5_000).allSatisfy(i -> assertThat(i.path("last_seen").path("run_id").asText()).isEqualTo(second));

        List<JsonNode> medium = Pages.items(Pages.walk(api, "/v1/engagements/" + otherEngagement + "/findings?severity=medium&limit=200"));
        assertThat(medium).hasSize(6_000);
        assertThat(field(medium, "fingerprint")).doesNotHaveDuplicates();
    }

    @Test
    void findingsStoredWhilePagingNeitherRepeatNorHideTheOthers() {
        String run = newRun(engagement, plan);
        Set<String> older = insertFindings(run, "older-", 300, Instant.parse("2026-01-01T00:00:00Z"));
        List<String> seen = new ArrayList<>();
        Set<String> stored = new HashSet<>();
        int batch = 0;
        for (String path = "/v1/tests/" + run + "/findings?limit=40"; path != null; batch++) {
            TestServer.Response page = api.get(path);
            assertThat(page.status()).isEqualTo(200);
            page.json().forEach(f -> seen.add(f.path("id").asText()));
            // newer than everything listed so far, of every severity: some sort before the cursor, some after
            stored.addAll(insertFindings(run, "meanwhile-" + batch + "-", 5, Instant.parse("2026-06-01T00:00:00Z")));
            path = Pages.next(page);
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(older);
        Set<String> known = new HashSet<>(older);
        known.addAll(stored);
        assertThat(known).containsAll(seen);
        // and a fresh walk holds both, once each
        assertThat(field(Pages.items(Pages.walk(api, "/v1/tests/" + run + "/findings?limit=200")), "id"))
                .doesNotHaveDuplicates().hasSize(older.size() + stored.size());
    }

    @Test
    void aBadLimitOrCursorIs400AndAnExportIsNeverPaged() {
        String run = newRun(engagement, plan);
        for (String list : new String[] {"/v1/tests/" + run + "/findings", "/v1/engagements/" + engagement + "/findings"}) {
            for (String limit : new String[] {"0", "201", "-1", "abc"}) {
                JsonNode p = assertProblem(api.get(list + "?limit=" + limit), 400, "validation");
                assertThat(p.path("errors").get(0).path("field").asText()).as("%s %s", list, limit).isEqualTo("limit");
            }
            for (String cursor : new String[] {"garbage", "AAAA", "MTIzOm5vdC1hLXV1aWQ"}) {
                JsonNode p = assertProblem(api.get(list + "?cursor=" + cursor), 400, "validation");
                assertThat(p.path("errors").get(0).path("field").asText()).as("%s %s", list, cursor).isEqualTo("cursor");
            }
        }
        for (String format : new String[] {"sarif", "defectdojo"}) {
            JsonNode p = assertProblem(api.get("/v1/tests/" + run + "/findings?format=" + format + "&limit=10"), 400, "validation");
            assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("limit");
            assertThat(p.path("errors").get(0).path("message").asText()).contains("export");
            // an engagement's findings have no export: a script asking for one gets a 400, not a JSON page
            JsonNode noExport = assertProblem(api.get("/v1/engagements/" + engagement + "/findings?format=" + format), 400, "validation");
            assertThat(noExport.path("errors").get(0).path("field").asText()).isEqualTo("format");
        }
        assertThat(api.get("/v1/engagements/" + engagement + "/findings?format=json").status()).isEqualTo(200);
        assertProblem(api.get("/v1/engagements/" + engagement + "/findings?format=xml"), 400, "validation");
    }

    @Test
    void anotherTenantsRunOrEngagementIsNotFoundAndTheOwnersCursorIsNotTheirs() {
        String run = newRun(engagement, plan);
        insertFindings(run, "mine-", 3, Instant.parse("2026-01-01T00:00:00Z"));
        String cursor = Pages.next(api.get("/v1/tests/" + run + "/findings?limit=1")).replaceAll(".*cursor=", "");
        Api other = new Api(server, "t_findpage_other");
        assertProblem(other.get("/v1/tests/" + run + "/findings?limit=1"), 404, "not-found");
        // a cursor is bound to the tenant it was issued to: refused before the run is looked up, whether it exists or not
        assertProblem(other.get("/v1/tests/" + run + "/findings?limit=1&cursor=" + cursor), 400, "validation");
        assertProblem(other.get("/v1/engagements/" + engagement + "/findings?limit=1"), 404, "not-found");
        String engagementCursor = Pages.next(api.get("/v1/engagements/" + engagement + "/findings?limit=1")).replaceAll(".*cursor=", "");
        assertProblem(other.get("/v1/engagements/" + engagement + "/findings?cursor=" + engagementCursor), 400, "validation");
    }

    @Test
    void aCursorOfAnotherSeverityIs400() {
        String run = newRun(engagement, plan);
        insertFindings(run, "sev-", 5, Instant.parse("2026-01-01T00:00:00Z"));
        for (String list : new String[] {"/v1/tests/" + run + "/findings", "/v1/engagements/" + engagement + "/findings"}) {
            String next = Pages.next(api.get(list + "?severity=info&limit=1"));
            assertThat(api.get(next).status()).as(next).isEqualTo(200);
            String cursor = next.replaceAll(".*cursor=", "");
            JsonNode p = assertProblem(api.get(list + "?severity=high&limit=1&cursor=" + cursor), 400, "validation");
            assertThat(p.path("errors").get(0).path("field").asText()).as(list).isEqualTo("cursor");
        }
    }
}
