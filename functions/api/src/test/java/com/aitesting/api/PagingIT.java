package com.aitesting.api;

import static com.aitesting.api.support.Pages.next;
import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.aitesting.postgres.EmbeddedDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every list is paged (limit + opaque cursor, next page in an RFC 8288 Link header) and keyset-stable:
 * 10,000 engagements come back each exactly once, and engagements created while a client pages neither
 * repeat nor hide older ones. The findings lists are paged the same way (FindingsPagingIT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagingIT {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /**
     * {@code count} engagements of {@code tenant} in one statement (as the table owner, tenant given
     * explicitly); three at a time share a created_at, so the id must break ties.
     */
    private List<String> insertEngagements(String tenant, int count) {
        DataSource superuser = EmbeddedDatabase.superuserDataSource(server.database().database());
        List<String> ids = new ArrayList<>();
        try (Connection c = superuser.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO engagements (id, tenant_id, name, type, risk_tier, scope, created_at, created_by)
                     SELECT gen_random_uuid(), ?, 'bulk ' || g, 'network', 'safe_active',
                            '{"in_scope_domains":["example.com"],"in_scope_cidrs":[],"out_of_scope":[],"windows":[]}'::jsonb,
                            timestamptz '2026-01-01T00:00:00Z' + (g / 3) * interval '1 millisecond', 'bulk'
                     FROM generate_series(1, ?) g RETURNING id""")) {
            ps.setString(1, tenant);
            ps.setInt(2, count);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    @Test
    void tenThousandEngagementsComeBackEachExactlyOnceNewestFirst() {
        Api api = new Api(server, "t_page10k");
        Set<String> inserted = new HashSet<>(insertEngagements("t_page10k", 10_000));
        List<String> seen = new ArrayList<>();
        List<String> createdAt = new ArrayList<>();
        String path = "/v1/engagements?limit=200";
        int pages = 0;
        while (path != null) {
            TestServer.Response page = api.get(path);
            assertThat(page.status()).as("%s", path).isEqualTo(200);
            assertThat(page.json().isArray()).isTrue();
            assertThat(page.json().size()).isLessThanOrEqualTo(200);
            page.json().forEach(e -> {
                seen.add(e.path("id").asText());
                createdAt.add(e.path("created_at").asText());
            });
            path = next(page);
            pages++;
        }
        assertThat(pages).isEqualTo(50);
        assertThat(seen).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(inserted);
        List<java.time.Instant> times = createdAt.stream().map(java.time.Instant::parse).toList();
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).as("item %d", i).isBeforeOrEqualTo(times.get(i - 1));
        }
    }

    @Test
    void engagementsCreatedWhilePagingNeitherRepeatNorHideOlderOnes() {
        Api api = new Api(server, "t_pagelive");
        Set<String> older = new HashSet<>(insertEngagements("t_pagelive", 250));
        Set<String> created = new HashSet<>();
        List<String> seen = new ArrayList<>();
        String path = "/v1/engagements?limit=40";
        while (path != null) {
            TestServer.Response page = api.get(path);
            assertThat(page.status()).isEqualTo(200);
            page.json().forEach(e -> seen.add(e.path("id").asText()));
            for (int i = 0; i < 3; i++) { // newer than everything listed so far: they belong before page one
                created.add(api.createEngagement().path("id").asText());
            }
            path = next(page);
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(older);
        // and a fresh listing starts with what was created meanwhile, then the older ones
        Set<String> all = new LinkedHashSet<>();
        for (String p = "/v1/engagements?limit=200"; p != null; ) {
            TestServer.Response page = api.get(p);
            page.json().forEach(e -> all.add(e.path("id").asText()));
            p = next(page);
        }
        assertThat(all).hasSize(older.size() + created.size());
        assertThat(new ArrayList<>(all).subList(0, created.size())).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void theDefaultPageIsFiftyAndTheLastPageHasNoLink() {
        Api api = new Api(server, "t_pagedefault");
        insertEngagements("t_pagedefault", 60);
        TestServer.Response first = api.get("/v1/engagements");
        assertThat(first.json()).hasSize(50);
        String next = next(first);
        assertThat(next).startsWith("/v1/engagements?").contains("limit=50").contains("cursor=");
        TestServer.Response last = api.get(next);
        assertThat(last.json()).hasSize(10);
        assertThat(last.header("Link")).isNull();
    }

    @Test
    void runsOfAnEngagementArePagedOnBothRoutesAndKeepTheEngagementParameter() {
        Api api = new Api(server, "t_pageruns");
        String engagement = api.createEngagement().path("id").asText();
        String plan = api.createPlan(engagement).path("id").asText();
        Set<String> runs = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            runs.add(api.startRun(engagement, plan).path("id").asText());
        }
        for (String first : new String[] {"/v1/tests?engagement_id=" + engagement + "&limit=2", "/v1/engagements/" + engagement + "/tests?limit=2"}) {
            List<String> seen = new ArrayList<>();
            int pages = 0;
            for (String path = first; path != null; pages++) {
                TestServer.Response page = api.get(path);
                assertThat(page.status()).as("%s", page).isEqualTo(200);
                page.json().forEach(r -> seen.add(r.path("id").asText()));
                path = next(page);
                if (path != null && first.startsWith("/v1/tests")) {
                    assertThat(path).contains("engagement_id=" + engagement);
                }
            }
            assertThat(pages).isEqualTo(3);
            assertThat(seen).doesNotHaveDuplicates();
            assertThat(new HashSet<>(seen)).isEqualTo(runs);
        }
    }

    @Test
    void aLimitOutOfRangeOrACursorThisApiDidNotIssueIs400() {
        Api api = new Api(server, "t_pagebad");
        // digits of other scripts (fullwidth 2, Arabic-Indic 2), spaces and signs ("+5" arrives as " 5") are no limit
        for (String limit : new String[] {"0", "201", "-1", "abc", "1.5", "%EF%BC%92", "%D9%A2", "%201%20", "+5", "%2B5", "99999999999"}) {
            JsonNode p = assertProblem(api.get("/v1/engagements?limit=" + limit), 400, "validation");
            assertThat(p.path("errors").get(0).path("field").asText()).as(limit).isEqualTo("limit");
        }
        for (String cursor : new String[] {"garbage", "AAAA", "MTIzOm5vdC1hLXV1aWQ", "%00"}) {
            JsonNode p = assertProblem(api.get("/v1/engagements?cursor=" + cursor), 400, "validation");
            assertThat(p.path("errors").get(0).path("field").asText()).as(cursor).isEqualTo("cursor");
        }
        String engagement = api.createEngagement().path("id").asText();
        assertProblem(api.get("/v1/tests?engagement_id=" + engagement + "&limit=500"), 400, "validation");
        // a cursor this API issued, but for another list, is not a position in this one
        api.createEngagement();
        String issued = next(api.get("/v1/engagements?limit=1"));
        assertThat(issued).as("a second page").isNotNull();
        String cursor = issued.substring(issued.indexOf("cursor=") + "cursor=".length());
        assertThat(api.get("/v1/engagements?limit=1&cursor=" + cursor).status()).isEqualTo(200);
        JsonNode foreign = assertProblem(api.get("/v1/engagements/" + engagement + "/tests?cursor=" + cursor), 400, "validation");
        assertThat(foreign.path("errors").get(0).path("field").asText()).isEqualTo("cursor");
        // the same position written by hand, without the list's tag
        String decoded = new String(java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.US_ASCII);
        String untagged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                decoded.substring(0, decoded.lastIndexOf(':')).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertProblem(api.get("/v1/engagements?limit=1&cursor=" + untagged), 400, "validation");
    }

    @Test
    void aCursorOfAnotherEngagementsRunsOrAnotherTenantsListIs400() {
        Api api = new Api(server, "t_pagescope");
        String[] engagements = new String[2];
        for (int e = 0; e < 2; e++) {
            engagements[e] = api.createEngagement().path("id").asText();
            String plan = api.createPlan(engagements[e]).path("id").asText();
            api.startRun(engagements[e], plan);
            api.startRun(engagements[e], plan);
        }
        String first = next(api.get("/v1/tests?engagement_id=" + engagements[0] + "&limit=1"));
        String cursor = first.substring(first.indexOf("cursor=") + "cursor=".length());
        assertThat(api.get(first).status()).isEqualTo(200);
        JsonNode p = assertProblem(api.get("/v1/tests?engagement_id=" + engagements[1] + "&limit=1&cursor=" + cursor), 400, "validation");
        assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("cursor");

        String ownList = next(api.get("/v1/engagements?limit=1"));
        Api other = new Api(server, "t_pagescope_other");
        other.createEngagement();
        assertProblem(other.get(ownList), 400, "validation");
    }
}
