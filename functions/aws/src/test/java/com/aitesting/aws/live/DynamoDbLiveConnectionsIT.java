package com.aitesting.aws.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.StoreUnavailableException;
import com.aitesting.core.live.ConnectionId;
import com.aitesting.core.live.LiveSubscriber;
import com.aitesting.core.port.LiveConnections.Subscribed;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The DynamoDB registry of WebSocket connections against dynalite (the DynamoDB API on loopback). */
class DynamoDbLiveConnectionsIT {
    static final TenantId ALICE = new TenantId("t_alice");
    static Dynalite dynalite;
    static DynamoDbClient dynamo;
    static DynamoDbLiveConnections registry;
    static final List<QueryRequest> queries = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        dynalite = Dynalite.start();
        dynamo = dynalite.client(List.of(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest query) {
                    queries.add(query);
                }
            }
        }));
        Dynalite.createLiveTable(dynamo, "live");
        registry = new DynamoDbLiveConnections(dynamo, "live");
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        dynalite.close();
    }

    static ConnectionId id(String s) {
        return new ConnectionId(s + Long.toHexString(System.nanoTime()));
    }

    static final int LIMIT = LiveMessages.MAX_SUBSCRIPTIONS;
    static final Instant IN_AN_HOUR = Instant.now().plusSeconds(3600);

    /** A new connection of ALICE's, registered. */
    static ConnectionId connected(String prefix) {
        ConnectionId connection = id(prefix);
        registry.connect(connection, ALICE, Optional.empty(), IN_AN_HOUR, Optional.empty());
        return connection;
    }

    @Test
    void aConnectionAndItsSubscriptionsArePutFoundByRunAndCarryTheTtlAttribute() {
        ConnectionId a = id("A");
        ConnectionId b = id("B");
        RunId run = RunId.random();
        RunId token = RunId.random();
        Instant expires = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        registry.connect(a, ALICE, Optional.empty(), expires, Optional.empty());
        registry.connect(b, ALICE, Optional.of(token), expires, Optional.empty());
        assertThat(registry.subscribe(a, ALICE, run, 0, expires, LIMIT)).isEqualTo(Subscribed.YES);
        assertThat(registry.subscribe(b, ALICE, run, 7, expires, LIMIT)).isEqualTo(Subscribed.YES);
        assertThat(registry.subscribe(a, ALICE, run, 3, expires, LIMIT)).as("already subscribed").isEqualTo(Subscribed.ALREADY);

        assertThat(registry.subscribers(run)).containsExactlyInAnyOrder(
                new LiveSubscriber(a, ALICE, run, 0, expires), new LiveSubscriber(b, ALICE, run, 7, expires));
        assertThat(registry.subscribers(RunId.random())).isEmpty();
        assertThat(registry.access(a)).contains(new LiveSubscriber.Access(ALICE, Optional.empty(), expires));
        assertThat(registry.access(b)).contains(new LiveSubscriber.Access(ALICE, Optional.of(token), expires));
        assertThat(registry.subscriptionCount(a)).isEqualTo(1);

        // the connection, its membership in the run, and the subscriber in the run's own partition
        for (String[] key : new String[][] {{"conn#" + a, "meta"}, {"conn#" + a, "run#" + run}, {"run#" + run, "conn#" + a}}) {
            Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName("live")
                    .key(Map.of("pk", AttributeValue.fromS(key[0]), "sk", AttributeValue.fromS(key[1])))).item();
            assertThat(item.get(DynamoDbLiveConnections.TTL).n()).as(String.join(" ", key)).isEqualTo(Long.toString(expires.getEpochSecond()));
        }
    }

    /**
     * The push after a commit must see a subscription written before it (else a viewer who subscribed
     * just before the run's last event would wait forever): a strongly consistent query of the table,
     * which a secondary index could not give.
     */
    @Test
    void aRunsSubscribersAreReadConsistentlyFromTheTableNotAnIndex() {
        ConnectionId a = connected("F");
        RunId run = RunId.random();
        registry.subscribe(a, ALICE, run, 0, IN_AN_HOUR, LIMIT);
        queries.clear();

        assertThat(registry.subscribers(run)).extracting(LiveSubscriber::connection).containsExactly(a);

        assertThat(queries).singleElement().satisfies(q -> {
            assertThat(q.consistentRead()).isTrue();
            assertThat(q.indexName()).isNull();
        });
    }

    @Test
    void aSecondSubscribeLeavesTheFirstCursorAndUnsubscribeLeavesNoItem() {
        ConnectionId a = connected("G");
        RunId run = RunId.random();
        assertThat(registry.subscribe(a, ALICE, run, 4, IN_AN_HOUR, LIMIT)).isEqualTo(Subscribed.YES);
        assertThat(registry.subscribe(a, ALICE, run, 9, IN_AN_HOUR, LIMIT)).isEqualTo(Subscribed.ALREADY);
        assertThat(registry.subscribers(run)).extracting(LiveSubscriber::cursor).containsExactly(4L);

        registry.unsubscribe(a, run);

        assertThat(registry.subscriptionCount(a)).isZero();
        assertThat(dynamo.scanPaginator(r -> r.tableName("live")).items().stream()
                .filter(item -> item.get("pk").s().equals("run#" + run) || item.get("sk").s().equals("run#" + run)))
                .as("neither the membership nor the subscriber item").isEmpty();
        assertThat(registry.subscribe(a, ALICE, run, 11, IN_AN_HOUR, LIMIT)).as("subscribing again works").isEqualTo(Subscribed.YES);
        assertThat(registry.subscribers(run)).extracting(LiveSubscriber::cursor).containsExactly(11L);
    }

    /**
     * DynamoDB's TTL deletes an expired item hours later, if at all soon: until then the registry hands the
     * ended connection and its subscriptions out with their end of life, so that the caller closes them
     * (PushRunEvents.disconnectExpired) rather than serve or silently skip them.
     */
    @Test
    void anExpiredConnectionAndItsSubscriptionsAreReadWithTheirEndOfLifeBeforeTtlDeletesThem() {
        ConnectionId a = id("X");
        RunId run = RunId.random();
        Instant expires = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        registry.connect(a, ALICE, Optional.empty(), expires, Optional.empty());
        registry.subscribe(a, ALICE, run, 0, expires, LIMIT);

        assertThat(registry.access(a)).hasValueSatisfying(access -> {
            assertThat(access.expiresAt()).isEqualTo(expires);
            assertThat(access.expired(Instant.now())).isTrue();
            assertThat(access.expired(expires.minusSeconds(1))).isFalse();
        });
        assertThat(registry.subscribers(run)).singleElement().satisfies(s -> {
            assertThat(s.connection()).isEqualTo(a);
            assertThat(s.expired(expires)).as("from its end of life on").isTrue();
            assertThat(s.expired(expires.minusMillis(1))).isFalse();
        });
    }

    /** $connect keeps the credential's expiry on the connection's item beside the TTL it is given (the earlier end). */
    @Test
    void aConnectStoresItsCredentialsExpiryOnTheConnectionsItem() {
        ConnectionId a = id("C");
        ConnectionId b = id("N");
        Instant credential = Instant.now().plusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        registry.connect(a, ALICE, Optional.of(RunId.random()), credential, Optional.of(credential));
        registry.connect(b, ALICE, Optional.empty(), IN_AN_HOUR, Optional.empty());

        Map<String, AttributeValue> item = meta(a);
        assertThat(item.get(DynamoDbLiveConnections.CREDENTIAL_EXPIRES_AT).n()).isEqualTo(Long.toString(credential.getEpochSecond()));
        assertThat(item.get(DynamoDbLiveConnections.TTL).n()).isEqualTo(Long.toString(credential.getEpochSecond()));
        assertThat(meta(b)).as("a credential that never expires").doesNotContainKey(DynamoDbLiveConnections.CREDENTIAL_EXPIRES_AT);
    }

    static Map<String, AttributeValue> meta(ConnectionId connection) {
        return dynamo.getItem(g -> g.tableName("live").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("conn#" + connection), "sk", AttributeValue.fromS("meta")))).item();
    }

    /** The connection's item's count of the runs it follows. */
    static long counted(ConnectionId connection) {
        Map<String, AttributeValue> meta = dynamo.getItem(g -> g.tableName("live").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("conn#" + connection), "sk", AttributeValue.fromS("meta")))).item();
        return meta.containsKey(DynamoDbLiveConnections.SUBSCRIPTIONS) ? Long.parseLong(meta.get(DynamoDbLiveConnections.SUBSCRIPTIONS).n()) : 0;
    }

    static <T> List<T> concurrently(int n, java.util.function.IntFunction<T> task) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = IntStream.range(0, n).mapToObj(i -> pool.submit(() -> {
                start.await();
                return task.apply(i);
            })).toList();
            start.countDown();
            List<T> results = new java.util.ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    @Test
    void racingSubscribesNeverExceedTheLimitAndAnUnsubscribeFreesOneSlot() throws Exception {
        ConnectionId a = connected("L");
        List<RunId> runs = IntStream.range(0, 160).mapToObj(i -> RunId.random()).toList();

        List<Subscribed> outcomes = concurrently(runs.size(), i -> registry.subscribe(a, ALICE, runs.get(i), 0, IN_AN_HOUR, LIMIT));

        assertThat(outcomes.stream().filter(Subscribed.YES::equals)).hasSize(LIMIT);
        assertThat(outcomes.stream().filter(Subscribed.FULL::equals)).hasSize(runs.size() - LIMIT);
        assertThat(registry.subscriptionCount(a)).isEqualTo(LIMIT);
        assertThat(counted(a)).isEqualTo(LIMIT);
        RunId held = runs.get(outcomes.indexOf(Subscribed.YES));
        RunId refused = runs.get(outcomes.indexOf(Subscribed.FULL));
        assertThat(registry.subscribers(refused)).as("nothing of a refused subscribe").isEmpty();
        assertThat(registry.subscribe(a, ALICE, held, 0, IN_AN_HOUR, LIMIT)).as("already followed, even when full")
                .isEqualTo(Subscribed.ALREADY);

        registry.unsubscribe(a, held);
        registry.unsubscribe(a, held); // twice: one slot only
        assertThat(counted(a)).isEqualTo(LIMIT - 1);
        assertThat(registry.subscribe(a, ALICE, refused, 0, IN_AN_HOUR, LIMIT)).isEqualTo(Subscribed.YES);
        assertThat(registry.subscribe(a, ALICE, RunId.random(), 0, IN_AN_HOUR, LIMIT)).isEqualTo(Subscribed.FULL);
    }

    /**
     * One connection subscribing to and unsubscribing from the same runs at once: whatever the order, no
     * subscriber item is left without its membership (it would be followed yet counted nowhere, a way past
     * the limit), and the count is the memberships'.
     */
    @Test
    void aSubscribeRacingAnUnsubscribeOfTheSameRunLeavesNothingUncounted() throws Exception {
        ConnectionId a = connected("R");
        List<RunId> runs = IntStream.range(0, 40).mapToObj(i -> RunId.random()).toList();
        concurrently(runs.size() * 2, i -> {
            RunId run = runs.get(i / 2);
            if (i % 2 == 0) {
                return registry.subscribe(a, ALICE, run, 0, IN_AN_HOUR, LIMIT);
            }
            registry.unsubscribe(a, run);
            return null;
        });
        int followed = 0;
        for (RunId run : runs) {
            boolean member = !dynamo.getItem(g -> g.tableName("live").consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("conn#" + a), "sk", AttributeValue.fromS("run#" + run)))).item().isEmpty();
            boolean subscriber = !registry.subscribers(run).isEmpty();
            assertThat(!subscriber || member).as("a subscriber item of %s has its membership", run).isTrue();
            followed += member ? 1 : 0;
        }
        assertThat(counted(a)).as("one slot per membership").isEqualTo(followed);
        runs.forEach(run -> registry.unsubscribe(a, run));
        assertThat(registry.subscriptionCount(a)).isZero();
        assertThat(counted(a)).isZero();
    }

    /**
     * What the routes answer 503 to: DynamoDB unreachable (nothing listens on that loopback port) or
     * throttling (dynalite's answer replaced on its way back by DynamoDB's own throttling error) is core's
     * StoreUnavailableException, named by the error only; a missing table is a fault of the deployment,
     * not a transient one, and propagates as the SDK's exception.
     */
    @Test
    void anUnreachableOrThrottlingDynamoIsStoreUnavailableAndAMissingTableIsNot() throws Exception {
        ConnectionId connection = id("down");
        RunId run = RunId.random();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (DynamoDbClient dead = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build()) {
            DynamoDbLiveConnections down = new DynamoDbLiveConnections(dead, "live");
            for (ThrowingCallable call : List.<ThrowingCallable>of(
                    () -> down.connect(connection, ALICE, Optional.empty(), IN_AN_HOUR, Optional.empty()),
                    () -> down.access(connection),
                    () -> down.subscribe(connection, ALICE, run, 0, IN_AN_HOUR, LIMIT),
                    () -> down.unsubscribe(connection, run),
                    () -> down.subscribers(run),
                    () -> down.advance(connection, run, 0, 1),
                    () -> down.remove(connection))) {
                assertThatThrownBy(call).isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("DynamoDB unreachable").hasMessageNotContaining("127.0.0.1");
            }
        }

        ExecutionInterceptor throttling = new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                return context.httpResponse().toBuilder().statusCode(400).build();
            }

            @Override
            public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                return Optional.of(new ByteArrayInputStream(("{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                        + "ProvisionedThroughputExceededException\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}")
                        .getBytes(StandardCharsets.UTF_8)));
            }
        };
        try (DynamoDbClient throttled = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + dynalite.port))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()).executionInterceptors(List.of(throttling)))
                .build()) {
            assertThatThrownBy(() -> new DynamoDbLiveConnections(throttled, "live").connect(connection, ALICE, Optional.empty(), IN_AN_HOUR, Optional.empty()))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("ProvisionedThroughputExceededException")
                    .hasMessageNotContaining("Rate of requests");
        }

        assertThatThrownBy(() -> new DynamoDbLiveConnections(dynamo, "no-such-table").connect(connection, ALICE, Optional.empty(), IN_AN_HOUR, Optional.empty()))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void theCursorMovesOnlyFromWhereTheCallerSawIt() {
        ConnectionId a = connected("C");
        RunId run = RunId.random();
        registry.subscribe(a, ALICE, run, 5, IN_AN_HOUR, LIMIT);
        assertThat(registry.advance(a, run, 5, 9)).isTrue();
        assertThat(registry.advance(a, run, 5, 12)).as("a second pusher that saw 5").isFalse();
        assertThat(registry.subscribers(run)).extracting(LiveSubscriber::cursor).containsExactly(9L);
        registry.unsubscribe(a, run);
        assertThat(registry.advance(a, run, 9, 10)).as("no subscription any more").isFalse();
        assertThat(registry.subscribers(run)).isEmpty();
    }

    @Test
    void removeDeletesEveryItemOfThatConnectionAndNoOther() {
        ConnectionId gone = id("D");
        ConnectionId stays = id("E");
        Instant expires = Instant.now().plusSeconds(3600);
        RunId shared = RunId.random();
        registry.connect(gone, ALICE, Optional.empty(), expires, Optional.empty());
        registry.connect(stays, ALICE, Optional.empty(), expires, Optional.empty());
        IntStream.range(0, 30).forEach(i -> registry.subscribe(gone, ALICE, RunId.random(), 0, expires, LIMIT));
        registry.subscribe(gone, ALICE, shared, 0, expires, LIMIT);
        registry.subscribe(stays, ALICE, shared, 0, expires, LIMIT);

        registry.remove(gone);

        assertThat(registry.access(gone)).isEmpty();
        assertThat(registry.subscriptionCount(gone)).isZero();
        assertThat(registry.subscribers(shared)).extracting(LiveSubscriber::connection).containsExactly(stays);
        assertThat(registry.access(stays)).isPresent();
        assertThat(dynamo.scanPaginator(r -> r.tableName("live")).items().stream()
                .filter(item -> item.get("pk").s().contains(gone.value()) || item.get("sk").s().contains(gone.value())))
                .as("no item of the removed connection, in its partition or in a run's").isEmpty();
    }
}
