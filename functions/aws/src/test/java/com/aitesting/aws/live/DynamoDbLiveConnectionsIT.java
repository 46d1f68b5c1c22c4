package com.aitesting.aws.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.live.ConnectionId;
import com.aitesting.core.live.LiveSubscriber;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB registry of WebSocket connections against dynalite (the DynamoDB API on loopback). */
class DynamoDbLiveConnectionsIT {
    static final TenantId ALICE = new TenantId("t_alice");
    static Dynalite dynalite;
    static DynamoDbClient dynamo;
    static DynamoDbLiveConnections registry;

    @BeforeAll
    static void start() {
        dynalite = Dynalite.start();
        dynamo = dynalite.client();
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

    @Test
    void aConnectionAndItsSubscriptionsArePutFoundByRunAndCarryTheTtlAttribute() {
        ConnectionId a = id("A");
        ConnectionId b = id("B");
        RunId run = RunId.random();
        RunId token = RunId.random();
        Instant expires = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        registry.connect(a, ALICE, Optional.empty(), expires);
        registry.connect(b, ALICE, Optional.of(token), expires);
        assertThat(registry.subscribe(a, ALICE, run, 0, expires)).isTrue();
        assertThat(registry.subscribe(b, ALICE, run, 7, expires)).isTrue();
        assertThat(registry.subscribe(a, ALICE, run, 3, expires)).as("already subscribed").isFalse();

        assertThat(registry.subscribers(run)).containsExactlyInAnyOrder(
                new LiveSubscriber(a, ALICE, run, 0), new LiveSubscriber(b, ALICE, run, 7));
        assertThat(registry.subscribers(RunId.random())).isEmpty();
        assertThat(registry.access(a)).contains(new LiveSubscriber.Access(ALICE, Optional.empty()));
        assertThat(registry.access(b)).contains(new LiveSubscriber.Access(ALICE, Optional.of(token)));
        assertThat(registry.subscriptionCount(a)).isEqualTo(1);

        for (String sk : new String[] {"meta", "run#" + run}) {
            Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName("live")
                    .key(Map.of("pk", AttributeValue.fromS("conn#" + a), "sk", AttributeValue.fromS(sk)))).item();
            assertThat(item.get(DynamoDbLiveConnections.TTL).n()).as(sk).isEqualTo(Long.toString(expires.getEpochSecond()));
        }
    }

    @Test
    void theCursorMovesOnlyFromWhereTheCallerSawIt() {
        ConnectionId a = id("C");
        RunId run = RunId.random();
        Instant expires = Instant.now().plusSeconds(3600);
        registry.connect(a, ALICE, Optional.empty(), expires);
        registry.subscribe(a, ALICE, run, 5, expires);
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
        registry.connect(gone, ALICE, Optional.empty(), expires);
        registry.connect(stays, ALICE, Optional.empty(), expires);
        IntStream.range(0, 30).forEach(i -> registry.subscribe(gone, ALICE, RunId.random(), 0, expires));
        registry.subscribe(gone, ALICE, shared, 0, expires);
        registry.subscribe(stays, ALICE, shared, 0, expires);

        registry.remove(gone);

        assertThat(registry.access(gone)).isEmpty();
        assertThat(registry.subscriptionCount(gone)).isZero();
        assertThat(registry.subscribers(shared)).extracting(LiveSubscriber::connection).containsExactly(stays);
        assertThat(registry.access(stays)).isPresent();
    }
}
