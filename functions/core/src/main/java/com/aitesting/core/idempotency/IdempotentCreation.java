package com.aitesting.core.idempotency;

import com.aitesting.core.Timestamps;
import com.aitesting.core.error.IdempotencyKeyReusedException;
import com.aitesting.core.port.IdempotencyKeyRepository;
import com.aitesting.core.tenant.Actor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one home of the Idempotency-Key rule for creating requests (POST /v1/engagements, /v1/engagements/{id}/plan,
 * /v1/tests). A key is scoped to the tenant, the caller and the endpoint. The first request with a key creates, and
 * its key, fingerprint and outcome are stored in the SAME transaction; a retry with the same request gets that
 * resource as it is now, marked replayed, and creates nothing; the same key with another request is refused. A
 * request that fails (a 4xx from its rules) rolls back with its key, so the client may correct it and retry under
 * the same key. Concurrent requests with one key queue on the key's row: one creates, the others wait for its
 * commit and replay it. A key lives {@link #KEPT}; every claim first deletes up to {@link #EXPIRED_PER_CLAIM} of the
 * tenant's expired keys, so the table holds about a day of keys per tenant.
 */
public final class IdempotentCreation {
    /** How long a key holds; an older row is ignored and taken over by the next use of its key. */
    public static final Duration KEPT = Duration.ofHours(24);
    /**
     * Each claim adds at most one row, so deleting more than one expired row per claim keeps the table bounded; the
     * bound keeps a claim short after a long quiet spell (the rest go with the next claims).
     */
    public static final int EXPIRED_PER_CLAIM = 100;
    /** Only creations are stored (failures roll back), so every stored outcome is a 201. */
    static final int CREATED = 201;

    /** For a deployment, or a test, that stores no keys: a request without a key creates, one with a key is refused. */
    public static final IdempotentCreation WITHOUT_KEYS = new IdempotentCreation();

    /** What a creating request answers: the resource, and whether it is a replay of an earlier request's. */
    public record Created<T>(T resource, boolean replayed) {}

    private final IdempotencyKeyRepository keys;
    private final Clock clock;

    public IdempotentCreation(IdempotencyKeyRepository keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private IdempotentCreation() {
        this.keys = null;
        this.clock = null;
    }

    /**
     * Call inside the tenant's transaction, the one {@code create} writes in. {@code request} null: no key was sent,
     * and {@code create} simply runs. {@code find} reads a created resource back by {@code id}'s value.
     */
    public <T> Created<T> create(Actor actor, IdempotentRequest request, Supplier<T> create, Function<T, UUID> id,
                                 Function<UUID, Optional<T>> find) {
        if (request == null) {
            return new Created<>(create.get(), false);
        }
        if (keys == null) {
            throw new IllegalStateException("an Idempotency-Key came to a use case wired without a key store");
        }
        Instant now = Timestamps.now(clock);
        Instant expiredBefore = now.minus(KEPT);
        keys.deleteExpired(actor.tenant(), expiredBefore, EXPIRED_PER_CLAIM);
        if (keys.claim(actor, request, now, expiredBefore)) {
            T created = create.get();
            keys.recordOutcome(actor, request, CREATED, id.apply(created));
            return new Created<>(created, false);
        }
        IdempotencyRecord stored = keys.find(actor, request)
                .orElseThrow(() -> new IllegalStateException("a key that could not be claimed has no row"));
        if (!stored.fingerprint().equals(request.fingerprint())) {
            throw new IdempotencyKeyReusedException(IdempotencyKey.HEADER, KEPT);
        }
        return new Created<>(find.apply(stored.resourceId())
                .orElseThrow(() -> new IllegalStateException("a stored key names a resource that is gone")), true);
    }
}
