package com.aitesting.api;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Two tenants on one server: every endpoint answers 404 for the other tenant's ids, and lists hide them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT {
    private TestServer server;
    private Api alice;
    private Api bob;
    private String aEngagement;
    private String aPlan;
    private String aRun;
    private String bEngagement;
    private String bPlan;

    @BeforeAll
    void start() {
        server = TestServer.start();
        alice = new Api(server, "t_alice");
        bob = new Api(server, "t_bob");
        aEngagement = alice.createEngagement().path("id").asText();
        aPlan = alice.createPlan(aEngagement).path("id").asText();
        aRun = alice.startRun(aEngagement, aPlan).path("id").asText();
        bEngagement = bob.createEngagement().path("id").asText();
        bPlan = bob.createPlan(bEngagement).path("id").asText();
        bob.startRun(bEngagement, bPlan);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theOwnerSeesEachOfItsObjects() {
        assertThat(alice.get("/v1/engagements/" + aEngagement).status()).isEqualTo(200);
        assertThat(alice.get("/v1/plans/" + aPlan).status()).isEqualTo(200);
        assertThat(alice.get("/v1/engagements/" + aEngagement + "/plans/" + aPlan).status()).isEqualTo(200);
        assertThat(alice.get("/v1/engagements/" + aEngagement + "/plan/" + aPlan).status()).isEqualTo(200);
        assertThat(alice.get("/v1/tests/" + aRun).status()).isEqualTo(200);
        assertThat(alice.get("/v1/engagements/" + aEngagement + "/tests").json().size()).isEqualTo(1);
    }

    @Test
    void getOfAnotherTenantsEngagementIsNotFound() {
        assertProblem(bob.get("/v1/engagements/" + aEngagement), 404, "not-found");
    }

    @Test
    void getOfAnotherTenantsPlanIsNotFoundOnBothRoutes() {
        assertProblem(bob.get("/v1/plans/" + aPlan), 404, "not-found");
        assertProblem(bob.get("/v1/engagements/" + aEngagement + "/plans/" + aPlan), 404, "not-found");
        assertProblem(bob.get("/v1/engagements/" + bEngagement + "/plans/" + aPlan), 404, "not-found");
        assertProblem(bob.get("/v1/engagements/" + aEngagement + "/plan/" + aPlan), 404, "not-found");
    }

    @Test
    void aPlanUnderTheWrongEngagementUrlIsNotFound() {
        String other = alice.createEngagement().path("id").asText();
        assertProblem(alice.get("/v1/engagements/" + other + "/plans/" + aPlan), 404, "not-found");
    }

    @Test
    void getOfAnotherTenantsRunIsNotFound() {
        assertProblem(bob.get("/v1/tests/" + aRun), 404, "not-found");
    }

    @Test
    void runsOfAnotherTenantsEngagementAreNotFoundOnBothRoutes() {
        assertProblem(bob.get("/v1/engagements/" + aEngagement + "/tests"), 404, "not-found");
        assertProblem(bob.get("/v1/tests?engagement_id=" + aEngagement), 404, "not-found");
    }

    @Test
    void planningOnAnotherTenantsEngagementIsNotFoundAndWritesNothing() {
        Map<String, Long> before = server.rowCounts();
        assertProblem(bob.post("/v1/engagements/" + aEngagement + "/plan", Api.PLAN), 404, "not-found");
        assertThat(server.rowCounts()).isEqualTo(before);
    }

    @Test
    void startingARunWithAnotherTenantsIdsIsNotFoundAndWritesNothing() {
        Map<String, Long> before = server.rowCounts();
        String body = "{\"engagement_id\":\"%s\",\"plan_id\":\"%s\"}";
        assertProblem(bob.post("/v1/tests", body.formatted(aEngagement, aPlan)), 404, "not-found");
        assertProblem(bob.post("/v1/tests", body.formatted(bEngagement, aPlan)), 404, "not-found");
        assertProblem(bob.post("/v1/tests", body.formatted(aEngagement, bPlan)), 404, "not-found");
        assertThat(server.rowCounts()).isEqualTo(before);
    }

    @Test
    void listsShowOnlyTheCallersObjects() {
        JsonNode bobs = bob.get("/v1/engagements").json();
        assertThat(bobs.isArray()).isTrue();
        assertThat(StreamSupport.stream(bobs.spliterator(), false).map(e -> e.path("tenant_id").asText()))
                .isNotEmpty().containsOnly("t_bob");
        assertThat(StreamSupport.stream(bobs.spliterator(), false).map(e -> e.path("id").asText())).doesNotContain(aEngagement);
        JsonNode bobRuns = bob.get("/v1/tests?engagement_id=" + bEngagement).json();
        assertThat(bobRuns.size()).isEqualTo(1);
        assertThat(bobRuns.get(0).path("engagement_id").asText()).isEqualTo(bEngagement);
    }

    @Test
    void creatingAnEngagementForAnotherTenantIsRefusedAndWritesNothing() {
        Map<String, Long> before = server.rowCounts();
        var problem = assertProblem(bob.post("/v1/engagements", Api.ENGAGEMENT_TEMPLATE.formatted("t_alice")), 422, "unprocessable");
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("tenant_id");
        assertThat(server.rowCounts()).isEqualTo(before);
    }

    @Test
    void theCatalogIsTheSameForEveryTenant() {
        assertThat(bob.get("/v1/catalog").json()).isEqualTo(alice.get("/v1/catalog").json());
    }

    @Test
    void malformedIdsAreNotFoundLikeForeignOnes() {
        assertProblem(bob.get("/v1/engagements/not-a-uuid"), 404, "not-found");
        assertProblem(bob.get("/v1/tests/42"), 404, "not-found");
        assertProblem(bob.get("/v1/plans/%20"), 404, "not-found");
    }
}
