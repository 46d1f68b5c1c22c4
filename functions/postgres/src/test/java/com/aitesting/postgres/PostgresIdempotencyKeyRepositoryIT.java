package com.aitesting.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.idempotency.IdempotencyRecord;
import com.aitesting.core.idempotency.IdempotentRequest;
import com.aitesting.core.tenant.Actor;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** idempotency_keys on real PostgreSQL as the restricted role: claims, expiry, row-level security and racing claims. */
class PostgresIdempotencyKeyRepositoryIT {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final Instant EXPIRED_BEFORE = NOW.minus(Duration.ofHours(24));
    private static final AtomicInteger KEYS = new AtomicInteger();
    private static EmbeddedDatabase.Migrated db;
    private static PostgresTransactions transactions;
    private static PostgresIdempotencyKeyRepository keys;
    private final Actor alice = Fixtures.actor("t_alice");
    private final Actor bob = Fixtures.actor("t_bob");

    @BeforeAll
    static void setUp() {
        db = EmbeddedDatabase.createMigrated();
        transactions = new PostgresTransactions(db.appDataSource());
        keys = new PostgresIdempotencyKeyRepository(transactions);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    private static IdempotentRequest request(String key, String body) {
        return IdempotentRequest.of(key, "POST", "POST /v1/tests", "/v1/tests", body.getBytes(StandardCharsets.UTF_8));
    }

    private static String newKey() {
        return "key-" + KEYS.incrementAndGet();
    }

    private boolean claim(Actor actor, IdempotentRequest request, Instant now) {
        return transactions.inTenant(actor.tenant(), () -> keys.claim(actor, request, now, now.minus(Duration.ofHours(24))));
    }

    private void claimAndRecord(Actor actor, IdempotentRequest request, UUID resource) {
        transactions.inTenant(actor.tenant(), () -> {
            assertThat(keys.claim(actor, request, NOW, EXPIRED_BEFORE)).isTrue();
            keys.recordOutcome(actor, request, 201, resource);
        });
    }

    private Optional<IdempotencyRecord> find(Actor actor, IdempotentRequest request) {
        return transactions.inTenant(actor.tenant(), () -> keys.find(actor, request));
    }

    @Test
    void aFreeKeyIsClaimedAndItsOutcomeReadBack() {
        IdempotentRequest request = request(newKey(), "{}");
        UUID resource = UUID.randomUUID();
        claimAndRecord(alice, request, resource);
        assertThat(find(alice, request)).contains(new IdempotencyRecord(request.fingerprint(), resource));
    }

    @Test
    void aLiveKeyCannotBeClaimedAgainEvenWithAnotherRequestAndKeepsTheFirstOne() {
        String key = newKey();
        IdempotentRequest first = request(key, "{\"a\":1}");
        UUID resource = UUID.randomUUID();
        claimAndRecord(alice, first, resource);

        assertThat(claim(alice, first, NOW.plusSeconds(60))).isFalse();
        assertThat(claim(alice, request(key, "{\"a\":2}"), NOW.plusSeconds(60))).isFalse();
        assertThat(find(alice, first)).contains(new IdempotencyRecord(first.fingerprint(), resource));
    }

    @Test
    void aKeyOlderThanItsLifetimeIsTakenOverByTheNextRequest() {
        String key = newKey();
        claimAndRecord(alice, request(key, "{\"old\":true}"), UUID.randomUUID());
        IdempotentRequest later = request(key, "{\"new\":true}");
        UUID resource = UUID.randomUUID();
        transactions.inTenant(alice.tenant(), () -> {
            Instant dayLater = NOW.plus(Duration.ofHours(24)).plusSeconds(1);
            assertThat(keys.claim(alice, later, dayLater, dayLater.minus(Duration.ofHours(24)))).isTrue();
            keys.recordOutcome(alice, later, 201, resource);
        });
        assertThat(find(alice, later)).contains(new IdempotencyRecord(later.fingerprint(), resource));
    }

    @Test
    void deletingExpiredKeysTakesOnlyTheBoundTenantsOldestOnesUpToTheLimit() {
        // a tenant of its own: the other tests' rows of t_alice are all at NOW
        Actor carol = Fixtures.actor("t_carol_expiry");
        Actor carolsBot = new Actor("ci-bot", "ci@example.com", carol.tenant());
        Instant old = NOW.minus(Duration.ofHours(30));
        String oldest = newKey();
        claimAt(carol, request(oldest, "{}"), old.minusSeconds(60));
        claimAt(carolsBot, request(newKey(), "{}"), old);
        claimAt(carol, request(newKey(), "{}"), old.plusSeconds(60));
        IdempotentRequest live = request(newKey(), "{}");
        claimAt(carol, live, NOW);
        IdempotentRequest bobsOld = request(newKey(), "{}");
        claimAt(bob, bobsOld, old);

        int first = transactions.inTenant(carol.tenant(), () -> keys.deleteExpired(carol.tenant(), EXPIRED_BEFORE, 2));
        assertThat(first).isEqualTo(2);
        assertThat(find(carol, request(oldest, "{}"))).as("the oldest go first").isEmpty();
        int rest = transactions.inTenant(carol.tenant(), () -> keys.deleteExpired(carol.tenant(), EXPIRED_BEFORE, 2));

        assertThat(rest).isOne();
        assertThat(find(carol, live)).isPresent();
        assertThat(find(bob, bobsOld)).as("another tenant's expired key").isPresent();
    }

    @Test
    void deletingExpiredKeysPassesOverARowAnotherTransactionHoldsInsteadOfWaiting() throws Exception {
        Actor dave = Fixtures.actor("t_dave_expiry");
        IdempotentRequest request = request(newKey(), "{}");
        claimAt(dave, request, NOW.minus(Duration.ofHours(30)));
        // threads of their own: a JDBC call waiting on a lock ignores interrupts, so the wait is bounded from outside
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        try {
            // the expired row is being taken over by a new request with its key, not committed yet
            CompletableFuture<Void> takeover = CompletableFuture.runAsync(() -> transactions.inTenant(dave.tenant(), () -> {
                assertThat(keys.claim(dave, request, NOW, EXPIRED_BEFORE)).isTrue();
                taken.countDown();
                await(end);
                return null;
            }), threads);
            taken.await();
            CompletableFuture<Integer> deleted = CompletableFuture.supplyAsync(
                    () -> transactions.inTenant(dave.tenant(), () -> keys.deleteExpired(dave.tenant(), NOW.plusSeconds(1), 10)), threads);

            assertThat(deleted.get(30, TimeUnit.SECONDS)).as("the held row is skipped, not waited for").isZero();
            end.countDown();
            takeover.get();
        } finally {
            end.countDown(); // a delete that waited gets the row once the takeover commits
            threads.shutdown();
        }
        assertThat(find(dave, request)).isPresent();
    }

    private void claimAt(Actor actor, IdempotentRequest request, Instant at) {
        transactions.inTenant(actor.tenant(), () -> {
            assertThat(keys.claim(actor, request, at, at.minus(Duration.ofHours(24)))).isTrue();
            keys.recordOutcome(actor, request, 201, UUID.randomUUID());
        });
    }

    @Test
    void anotherTenantNeitherSeesNorCollidesWithAKey() {
        IdempotentRequest request = request(newKey(), "{}");
        UUID ofAlice = UUID.randomUUID();
        claimAndRecord(alice, request, ofAlice);

        assertThat(find(bob, request)).isEmpty();
        long visibleToBob = transactions.inTenant(bob.tenant(), () -> transactions.withConnection(c -> count(c, request)));
        assertThat(visibleToBob).isZero();
        UUID ofBob = UUID.randomUUID();
        claimAndRecord(bob, request, ofBob);
        assertThat(find(bob, request)).contains(new IdempotencyRecord(request.fingerprint(), ofBob));
        assertThat(find(alice, request)).contains(new IdempotencyRecord(request.fingerprint(), ofAlice));
    }

    @Test
    void anotherCallerOfTheTenantHasKeysOfItsOwn() {
        IdempotentRequest request = request(newKey(), "{}");
        claimAndRecord(alice, request, UUID.randomUUID());
        Actor colleague = new Actor("ci-bot", "ci@example.com", alice.tenant());
        assertThat(find(colleague, request)).isEmpty();
        claimAndRecord(colleague, request, UUID.randomUUID());
    }

    @Test
    @Timeout(120) // a guard against a hang, not a measure
    void aClaimThatMeetsAnOpenClaimWaitsForItsCommitAndThenFindsTheKeyTaken() throws Exception {
        assertThat(raceAgainstOpenClaim(true)).isFalse();
    }

    @Test
    @Timeout(120)
    void aClaimThatMeetsAnOpenClaimTakesTheKeyWhenThatOneRollsBack() throws Exception {
        assertThat(raceAgainstOpenClaim(false)).isTrue();
    }

    /** A first transaction claims and holds; a second claims; once it waits on the row lock, the first ends. */
    private boolean raceAgainstOpenClaim(boolean firstCommits) throws Exception {
        IdempotentRequest request = request(newKey(), "{}");
        // threads of their own: the common pool may have one thread, which the first transaction holds
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            return race(request, firstCommits, threads);
        } finally {
            threads.shutdownNow();
        }
    }

    private boolean race(IdempotentRequest request, boolean firstCommits, ExecutorService threads) throws Exception {
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                transactions.inTenant(alice.tenant(), () -> {
                    assertThat(keys.claim(alice, request, NOW, EXPIRED_BEFORE)).isTrue();
                    keys.recordOutcome(alice, request, 201, UUID.randomUUID());
                    claimed.countDown();
                    await(end);
                    if (!firstCommits) {
                        throw new IllegalArgumentException("roll back");
                    }
                });
            } catch (IllegalArgumentException rolledBack) {
                // what the test asked for
            }
        }, threads);
        claimed.await();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> claim(alice, request, NOW), threads);
        awaitALockWaiter();
        end.countDown();
        first.get();
        return second.get();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Until a backend of the app role waits for a lock (the second INSERT on the first one's row). */
    private static void awaitALockWaiter() throws SQLException, InterruptedException {
        try (Connection c = EmbeddedDatabase.superuserDataSource(db.database()).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
                     + " AND usename = ? AND wait_event_type = 'Lock'")) {
            ps.setString(1, db.database());
            ps.setString(2, EmbeddedDatabase.APP);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
    }

    /** Rows of this key the bound tenant can read, whoever the caller. */
    private static long count(Connection c, IdempotentRequest request) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM idempotency_keys WHERE key = ?")) {
            ps.setString(1, request.key().value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
