package com.aitesting.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.IdempotencyKeyReusedException;
import com.aitesting.core.fake.InMemoryStore;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key rule in memory: what is created, replayed, refused and forgotten. */
class IdempotentCreationTest {
    private static final Actor A = new Actor("yered", "yered@example.com", new TenantId("t_demo"));
    private static final Actor B = new Actor("eve", null, new TenantId("t_other"));
    private static final Instant T0 = Instant.parse("2025-01-08T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore();
    /** What the "use case" created, by id: the resources {@code find} reads back. */
    private final Map<UUID, String> created = new LinkedHashMap<>();

    private IdempotentCreation at(Instant now) {
        return new IdempotentCreation(store.idempotencyKeyRepository, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static IdempotentRequest request(String key, String body) {
        return IdempotentRequest.of(key, "POST", "POST /v1/engagements", "/v1/engagements", body.getBytes(StandardCharsets.UTF_8));
    }

    private IdempotentCreation.Created<UUID> create(IdempotentCreation idempotency, Actor actor, IdempotentRequest request) {
        return store.inTenant(actor.tenant(), () -> idempotency.create(actor, request, () -> {
            UUID id = UUID.randomUUID();
            created.put(id, actor.tenant().value());
            return id;
        }, id -> id, id -> Optional.ofNullable(created.get(id)).map(tenant -> id)));
    }

    @Test
    void aRetryWithTheSameKeyAndRequestReplaysTheFirstResourceAndCreatesNothing() {
        IdempotentCreation.Created<UUID> first = create(at(T0), A, request("k", "{}"));
        IdempotentCreation.Created<UUID> retry = create(at(T0.plusSeconds(5)), A, request("k", "{}"));
        assertThat(first.replayed()).isFalse();
        assertThat(retry).isEqualTo(new IdempotentCreation.Created<>(first.resource(), true));
        assertThat(created).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAndCreatesNothing() {
        create(at(T0), A, request("k", "{\"a\":1}"));
        assertThatThrownBy(() -> create(at(T0), A, request("k", "{\"a\":2}")))
                .isInstanceOf(IdempotencyKeyReusedException.class).hasMessageContaining("Idempotency-Key");
        assertThat(created).hasSize(1);
    }

    @Test
    void withoutAKeyEveryRequestCreatesAndNoKeyIsStored() {
        assertThat(create(at(T0), A, null).replayed()).isFalse();
        assertThat(create(at(T0), A, null).replayed()).isFalse();
        assertThat(created).hasSize(2);
        assertThat(store.idempotencyKeysOf(A.tenant())).isZero();
    }

    @Test
    void aUseCaseWiredWithoutKeysCreatesUnkeyedRequestsAndRefusesKeyedOnes() {
        assertThat(create(IdempotentCreation.WITHOUT_KEYS, A, null).replayed()).isFalse();
        assertThatThrownBy(() -> create(IdempotentCreation.WITHOUT_KEYS, A, request("k", "{}")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(created).hasSize(1);
    }

    @Test
    void aKeyPastItsLifetimeCreatesAgainEvenForAnotherRequest() {
        UUID first = create(at(T0), A, request("k", "{\"a\":1}")).resource();
        IdempotentCreation.Created<UUID> later = create(at(T0.plus(IdempotentCreation.KEPT).plusSeconds(1)), A, request("k", "{\"a\":2}"));
        assertThat(later.replayed()).isFalse();
        assertThat(later.resource()).isNotEqualTo(first);
    }

    @Test
    void aKeyAtTheEndOfItsLifetimeStillHolds() {
        UUID first = create(at(T0), A, request("k", "{}")).resource();
        assertThat(create(at(T0.plus(IdempotentCreation.KEPT)), A, request("k", "{}")))
                .isEqualTo(new IdempotentCreation.Created<>(first, true));
    }

    @Test
    void aClaimDeletesTheTenantsExpiredKeysButNoLiveOneAndNoOtherTenantsOnes() {
        create(at(T0), A, request("old-1", "{}"));
        create(at(T0), A, request("old-2", "{}"));
        create(at(T0), B, request("old-of-b", "{}"));
        Instant later = T0.plus(IdempotentCreation.KEPT).plus(Duration.ofMinutes(1));
        create(at(T0.plus(IdempotentCreation.KEPT).minus(Duration.ofMinutes(1))), A, request("live", "{}"));
        assertThat(store.idempotencyKeysOf(A.tenant())).as("the claim of live came before the others expired").isEqualTo(3);

        create(at(later), A, request("new", "{}"));

        assertThat(store.idempotencyKeysOf(A.tenant())).as("live and new").isEqualTo(2);
        assertThat(store.idempotencyKeysOf(B.tenant())).isOne();
        assertThat(create(at(later), A, request("live", "{}")).replayed()).isTrue();
    }

    @Test
    void aClaimDeletesAtMostABoundedNumberOfExpiredKeys() {
        IntStream.range(0, IdempotentCreation.EXPIRED_PER_CLAIM + 5).forEach(i -> create(at(T0), A, request("old-" + i, "{}")));
        Instant later = T0.plus(IdempotentCreation.KEPT).plusSeconds(1);

        create(at(later), A, request("new", "{}"));

        assertThat(store.idempotencyKeysOf(A.tenant())).as("5 expired left for the next claims, and new").isEqualTo(6);
        create(at(later), A, request("newer", "{}"));
        assertThat(store.idempotencyKeysOf(A.tenant())).isEqualTo(2);
    }
}
