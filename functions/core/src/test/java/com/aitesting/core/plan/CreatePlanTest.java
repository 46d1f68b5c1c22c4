package com.aitesting.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.InvalidInputException.FieldError;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.fake.InMemoryStore;
import com.aitesting.core.idempotency.IdempotentCreation;
import com.aitesting.core.idempotency.IdempotentRequest;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreatePlanTest {
    private static final Actor A = new Actor("yered", "yered@example.com", new TenantId("t_demo"));
    private final InMemoryStore store = new InMemoryStore();
    private final Catalog catalog = Catalog.load();
    private final CreatePlan createPlan = new CreatePlan(store, store.engagementRepository, store.planRepository, catalog, Clock.systemUTC());
    private final GetPlan getPlan = new GetPlan(store, store.planRepository);

    private Engagement engagement(List<String> domains, List<String> cidrs, String tier) {
        return new CreateEngagement(store, store.engagementRepository, Clock.systemUTC()).execute(A,
                CreateEngagementCommand.parse("Demo", "t_demo", "network", new ScopeInput(domains, cidrs, List.of(), tier, List.of())));
    }

    private static List<String> fieldsOf(Throwable e) {
        return ((InvalidInputException) e).errors().stream().map(FieldError::field).toList();
    }

    @Test
    void recommendedStrategyResolvesOrderedStepsAgentsAndDuration() {
        Engagement engagement = engagement(List.of("example.com"), List.of("10.0.0.0/24"), "safe_active");
        Plan plan = createPlan.execute(A, CreatePlanCommand.parse(engagement.id(),
                List.of("network.discovery.ping_sweep", "network.nmap.tcp_top_1000"), "recommended", "safe_active"));
        assertThat(plan.tests()).containsExactly(
                new PlannedTest("network.discovery.ping_sweep", "network-scanner"),
                new PlannedTest("network.nmap.tcp_top_1000", "network-scanner"));
        assertThat(plan.steps()).extracting(PlanStep::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(plan.steps().get(0).stepId()).isEqualTo("expand_targets");
        assertThat(plan.steps().get(3).testId()).isEqualTo("network.nmap.tcp_top_1000");
        long expected = catalog.find("network.discovery.ping_sweep").orElseThrow().nominalSeconds()
                + catalog.find("network.nmap.tcp_top_1000").orElseThrow().nominalSeconds();
        assertThat(plan.estimatedDurationSeconds()).isEqualTo(expected);
        assertThat(getPlan.execute(A, plan.id())).isEqualTo(plan);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheFirstPlanAndStoresNoOther() {
        Engagement engagement = engagement(List.of("example.com"), List.of("10.0.0.0/24"), "safe_active");
        CreatePlan keyed = new CreatePlan(store, store.engagementRepository, store.planRepository, catalog, RunMode.SIMULATED,
                new IdempotentCreation(store.idempotencyKeyRepository, Clock.systemUTC()), Clock.systemUTC());
        IdempotentRequest request = IdempotentRequest.of("k-1", "POST", "POST /v1/engagements/{id}/plan",
                "/v1/engagements/" + engagement.id() + "/plan", "{}".getBytes(StandardCharsets.UTF_8));
        CreatePlanCommand command = CreatePlanCommand.parse(engagement.id(), List.of("network.discovery.ping_sweep"),
                "recommended", "safe_active");
        Plan first = keyed.execute(A, command, request).resource();

        IdempotentCreation.Created<Plan> retry = keyed.execute(A, command, request);

        assertThat(retry).isEqualTo(new IdempotentCreation.Created<>(first, true));
        assertThat(store.idempotencyKeysOf(A.tenant())).isOne();
    }

    @Test
    void everyRuleViolationIsReportedAgainstItsEntry() {
        Engagement domainsOnly = engagement(List.of("example.com"), List.of(), "active");
        assertThatThrownBy(() -> createPlan.execute(A, CreatePlanCommand.parse(domainsOnly.id(), List.of(
                "http.security_headers", "no.such.test", "web.sqlmap_injection", "network.discovery.ping_sweep"), "recommended", "intrusive")))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    assertThat(((InvalidInputException) e).kind()).isEqualTo(InvalidInputException.Kind.UNPROCESSABLE);
                    assertThat(fieldsOf(e)).containsExactly("risk_tier", "selected_tests[1].id", "selected_tests[3].id");
                });
    }

    @Test
    void aTestAboveThePlansRiskTierIsRejected() {
        Engagement engagement = engagement(List.of("example.com"), List.of(), "intrusive");
        assertThatThrownBy(() -> createPlan.execute(A, CreatePlanCommand.parse(engagement.id(),
                List.of("dns.zone_transfer_check", "web.directory_bruteforce"), "recommended", "safe_active")))
                .satisfies(e -> {
                    assertThat(fieldsOf(e)).containsExactly("selected_tests[1].id");
                    assertThat(e).hasMessageContaining("above the plan's risk tier safe_active");
                });
    }

    @Test
    void aTestNeedingCidrsOnADomainOnlyScopeIsRejected() {
        Engagement engagement = engagement(List.of("example.com"), List.of(), "safe_active");
        assertThatThrownBy(() -> createPlan.execute(A, CreatePlanCommand.parse(engagement.id(),
                List.of("network.discovery.ping_sweep"), "recommended", "safe_active")))
                .hasMessageContaining("needs a target of kind cidr");
    }

    @Test
    void emptyDuplicateAndMalformedSelectionsAreRejected() {
        EngagementId id = EngagementId.random();
        assertThatThrownBy(() -> CreatePlanCommand.parse(id, List.of(), "recommended", "passive"))
                .satisfies(e -> assertThat(fieldsOf(e)).containsExactly("selected_tests"));
        assertThatThrownBy(() -> CreatePlanCommand.parse(id, List.of("a", "b", "a"), "recommended", "passive"))
                .satisfies(e -> assertThat(fieldsOf(e)).containsExactly("selected_tests[2].id"));
        assertThatThrownBy(() -> CreatePlanCommand.parse(id, null, "manual", "extreme"))
                .satisfies(e -> {
                    assertThat(((InvalidInputException) e).kind()).isEqualTo(InvalidInputException.Kind.VALIDATION);
                    assertThat(fieldsOf(e)).containsExactly("selected_tests", "agents.strategy", "risk_tier");
                    assertThat(e).hasMessageContaining("3 fields");
                });
    }

    @Test
    void anUnknownOrForeignEngagementIsNotFoundAndNothingIsWritten() {
        assertThatThrownBy(() -> createPlan.execute(A, CreatePlanCommand.parse(EngagementId.random(),
                List.of("http.security_headers"), "recommended", "passive"))).isInstanceOf(NotFoundException.class);
        Engagement engagement = engagement(List.of("example.com"), List.of(), "passive");
        Actor other = new Actor("eve", null, new TenantId("t_other"));
        assertThatThrownBy(() -> createPlan.execute(other, CreatePlanCommand.parse(engagement.id(),
                List.of("http.security_headers"), "recommended", "passive"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> getPlan.execute(A, PlanId.random())).isInstanceOf(NotFoundException.class);
    }
}
