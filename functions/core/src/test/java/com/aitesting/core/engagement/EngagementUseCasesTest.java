package com.aitesting.core.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.InvalidInputException.FieldError;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.fake.InMemoryStore;
import com.aitesting.core.idempotency.IdempotentCreation;
import com.aitesting.core.idempotency.IdempotentRequest;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngagementUseCasesTest {
    private static final Actor A = new Actor("yered", "yered@example.com", new TenantId("t_demo"));
    private static final Actor B = new Actor("eve", "eve@example.com", new TenantId("t_other"));
    private final InMemoryStore store = new InMemoryStore();
    private final Clock clock = Clock.fixed(Instant.parse("2025-01-01T10:00:00.123456789Z"), ZoneOffset.UTC);
    private final CreateEngagement create = new CreateEngagement(store, store.engagementRepository, clock);
    private final GetEngagement get = new GetEngagement(store, store.engagementRepository);
    private final ListEngagements list = new ListEngagements(store, store.engagementRepository);

    private static CreateEngagementCommand briefBody(String tenant) {
        return CreateEngagementCommand.parse("  Demo Net ", tenant, "network",
                new ScopeInput(List.of("example.com"), List.of("10.0.0.0/24"), List.of(), "safe_active", List.of()));
    }

    @Test
    void createsTheBriefsEngagementForTheCallersTenant() {
        Engagement created = create.execute(A, briefBody("t_demo"));
        assertThat(created.name()).isEqualTo("Demo Net");
        assertThat(created.tenant()).isEqualTo(A.tenant());
        assertThat(created.createdBy()).isEqualTo("yered");
        assertThat(created.createdAt()).isEqualTo(Instant.parse("2025-01-01T10:00:00.123456Z"));
        assertThat(get.execute(A, created.id())).isEqualTo(created);
        assertThat(list.execute(A, com.aitesting.core.page.PageRequest.first()).items()).containsExactly(created);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheEngagementAsItIsNowAndCreatesNoOther() {
        CreateEngagement keyed = new CreateEngagement(store, store.engagementRepository,
                new IdempotentCreation(store.idempotencyKeyRepository, clock), clock);
        IdempotentRequest request = IdempotentRequest.of("k-1", "POST", "POST /v1/engagements", "/v1/engagements",
                "{}".getBytes(StandardCharsets.UTF_8));
        Engagement first = keyed.execute(A, briefBody("t_demo"), request).resource();
        Engagement authorized = new AuthorizeEngagement(store, store.engagementRepository, clock).execute(A, first.id(), "SOW-1");

        IdempotentCreation.Created<Engagement> retry = keyed.execute(A, briefBody("t_demo"), request);

        assertThat(retry).isEqualTo(new IdempotentCreation.Created<>(authorized, true));
        assertThat(list.execute(A, com.aitesting.core.page.PageRequest.first()).items()).containsExactly(authorized);
    }

    @Test
    void aBodyNamingAnotherTenantIsUnprocessableAndWritesNothing() {
        assertThatThrownBy(() -> create.execute(A, briefBody("t_other")))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    InvalidInputException invalid = (InvalidInputException) e;
                    assertThat(invalid.kind()).isEqualTo(InvalidInputException.Kind.UNPROCESSABLE);
                    assertThat(invalid.errors()).containsExactly(new FieldError("tenant_id", "must equal the tenant of your credentials"));
                });
        assertThat(list.execute(A, com.aitesting.core.page.PageRequest.first()).items()).isEmpty();
    }

    @Test
    void anotherTenantsEngagementIsNotFound() {
        Engagement created = create.execute(A, briefBody("t_demo"));
        assertThatThrownBy(() -> get.execute(B, created.id())).isInstanceOf(NotFoundException.class);
        assertThat(list.execute(B, com.aitesting.core.page.PageRequest.first()).items()).isEmpty();
    }

    @Test
    void parseReportsEveryMissingOrMalformedFieldAtOnce() {
        assertThatThrownBy(() -> CreateEngagementCommand.parse(" ", null, "satellite",
                new ScopeInput(null, List.of("10.0.0.1/24"), null, null, null)))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    InvalidInputException invalid = (InvalidInputException) e;
                    assertThat(invalid.kind()).isEqualTo(InvalidInputException.Kind.VALIDATION);
                    assertThat(invalid.errors()).extracting(FieldError::field).containsExactly(
                            "name", "tenant_id", "type", "scope.in_scope_cidrs[0]", "scope.risk_tier");
                });
        assertThatThrownBy(() -> CreateEngagementCommand.parse("x".repeat(201), "t", "web", null))
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(FieldError::field).containsExactly("name", "scope"));
    }
}
