package com.aitesting.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.engagement.AuthorizeEngagement;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.error.AuthorizationRequiredException;
import com.aitesting.core.error.ConflictException;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.fake.InMemoryStore;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.CreatePlanCommand;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.scope.WindowInput;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a REAL run needs beyond a simulated one (RunMode): executable tests only, and a recorded authorization. */
class RealRunAdmissionTest {
    private static final Actor A = new Actor("yered", "yered@example.com", new TenantId("t_demo"));
    private final Clock clock = Clock.fixed(Instant.parse("2025-01-08T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryStore store = new InMemoryStore();
    private final Catalog catalog = Catalog.load();

    private Engagement engagement(String authorization, List<WindowInput> windows) {
        return new CreateEngagement(store, store.engagementRepository, clock).execute(A, CreateEngagementCommand.parse(
                "Demo", "t_demo", "network",
                new ScopeInput(List.of("example.com"), List.of("127.0.0.0/24"), List.of(), "intrusive", windows),
                authorization == null ? null : new CreateEngagementCommand.AuthorizationInput(authorization)));
    }

    private Plan plan(RunMode mode, Engagement engagement, List<String> tests) {
        return new CreatePlan(store, store.engagementRepository, store.planRepository, catalog, mode, clock)
                .execute(A, CreatePlanCommand.parse(engagement.id(), tests, "recommended", "intrusive"));
    }

    private Run start(RunMode mode, Plan plan) {
        return new StartRun(store, store.engagementRepository, store.planRepository, store.runRepository, store.eventStore,
                null, false, mode, catalog, clock).execute(A, new StartRunCommand(plan.engagementId(), plan.id()));
    }

    @Test
    void aRealPlanThatSelectsATestWithoutAnExecutorIsRefusedNamingIt() {
        Engagement engagement = engagement("SEC-1", List.of());
        assertThatThrownBy(() -> plan(RunMode.REAL, engagement,
                List.of("network.discovery.ping_sweep", "web.sqlmap_injection", "dns.subdomain_enumeration")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.kind()).isEqualTo(InvalidInputException.Kind.UNPROCESSABLE);
                    assertThat(e.errors()).extracting(InvalidInputException.FieldError::field)
                            .containsExactly("selected_tests[1].id", "selected_tests[2].id");
                    assertThat(e.errors().get(0).message()).startsWith("web.sqlmap_injection has no real executor");
                });
        assertThat(plan(RunMode.SIMULATED, engagement, List.of("web.sqlmap_injection")).tests()).hasSize(1);
    }

    @Test
    void aRealRunOfAnUnauthorizedEngagementIsRefusedAndWritesNothing() {
        Engagement engagement = engagement(null, List.of());
        Plan plan = plan(RunMode.REAL, engagement, List.of("network.discovery.ping_sweep"));
        assertThatThrownBy(() -> start(RunMode.REAL, plan))
                .isInstanceOfSatisfying(AuthorizationRequiredException.class,
                        e -> assertThat(e.engagementId()).isEqualTo(engagement.id().toString()));
        assertThat(store.inTenant(A.tenant(), () -> store.runRepository.listByEngagement(engagement.id()))).isEmpty();

        // a simulated run probes nothing and needs none
        assertThat(start(RunMode.SIMULATED, plan).status()).isEqualTo(RunStatus.QUEUED);

        new AuthorizeEngagement(store, store.engagementRepository, clock).execute(A, engagement.id(), "  contract 42  ");
        Run run = start(RunMode.REAL, plan);
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
    }

    @Test
    void aRealRunOfAPlanMadeWhileSimulatingIsRefusedWhenItHoldsATestWithoutAnExecutor() {
        Engagement engagement = engagement("SEC-2", List.of());
        Plan plan = plan(RunMode.SIMULATED, engagement, List.of("network.discovery.ping_sweep", "web.directory_bruteforce"));
        assertThatThrownBy(() -> start(RunMode.REAL, plan))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.kind()).isEqualTo(InvalidInputException.Kind.UNPROCESSABLE);
                    assertThat(e.errors()).singleElement().satisfies(f -> {
                        assertThat(f.field()).isEqualTo("plan_id");
                        assertThat(f.message()).contains("web.directory_bruteforce");
                    });
                });
    }

    @Test
    void aRealRunOutsideItsTestingWindowIsRefusedEvenWhenAuthorized() {
        Engagement engagement = engagement("SEC-3", List.of(new WindowInput("absolute", "2099-03-01T22:00:00Z",
                "2099-03-02T06:00:00Z", null, null)));
        Plan plan = plan(RunMode.REAL, engagement, List.of("network.discovery.ping_sweep"));
        assertThatThrownBy(() -> start(RunMode.REAL, plan))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.type()).isEqualTo("outside-testing-window"));
    }

    @Test
    void theAuthorizationRecordsWhoAndTheServersTime() {
        Engagement engagement = engagement("  SEC-4  ", List.of());
        assertThat(engagement.currentAuthorization()).hasValueSatisfying(a -> {
            assertThat(a.reference()).isEqualTo("SEC-4");
            assertThat(a.recordedBy()).isEqualTo("yered");
            assertThat(a.recordedAt()).isEqualTo(clock.instant());
        });
        Engagement replaced = new AuthorizeEngagement(store, store.engagementRepository, clock).execute(A, engagement.id(), "SEC-5");
        assertThat(replaced.currentAuthorization().orElseThrow().reference()).isEqualTo("SEC-5");
        assertThatThrownBy(() -> new AuthorizeEngagement(store, store.engagementRepository, clock).execute(A, engagement.id(), "a\u0000b"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new AuthorizeEngagement(store, store.engagementRepository, clock).execute(A, engagement.id(), " "))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new AuthorizeEngagement(store, store.engagementRepository, clock)
                .execute(new Actor("eve", null, new TenantId("t_other")), engagement.id(), "SEC-6"))
                .isInstanceOf(com.aitesting.core.error.NotFoundException.class);
    }
}
