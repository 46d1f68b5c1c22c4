package com.aitesting.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.stream.StreamTestApp;
import com.aitesting.aws.live.Dynalite;
import com.aitesting.aws.live.DynamoDbLiveConnections;
import com.aitesting.aws.live.LiveMessages;
import com.aitesting.aws.live.ManagementApiPush;
import com.aitesting.core.live.ConnectionId;
import com.aitesting.core.live.LiveSubscriber;
import com.aitesting.core.live.PushRunEvents;
import com.aitesting.core.port.LivePush;
import com.aitesting.core.run.Run;
import com.aitesting.core.tenant.Actor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The AWS pusher for real: the SDK's ApiGatewayManagementApiClient against the embedded server's
 * {@code /@connections} (answering as API Gateway does), the DynamoDB registry on dynalite, and
 * WebSocket clients (Java-WebSocket) on the other end.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ManagementApiPushIT {
    static final Actor ALICE = StreamTestApp.actor("t_alice");
    static StreamTestApp app;
    static Dynalite dynalite;
    static DynamoDbClient dynamo;
    static DynamoDbLiveConnections registry;
    static ApiGatewayManagementApiClient management;
    static ManagementApiPush push;
    static ExecutorService parallel = Executors.newFixedThreadPool(4);

    @BeforeAll
    static void start() {
        app = new StreamTestApp(Map.of());
        dynalite = Dynalite.start();
        dynamo = dynalite.client();
        Dynalite.createLiveTable(dynamo, "live");
        registry = new DynamoDbLiveConnections(dynamo, "live");
        management = LocalConnections.management(app);
        push = new ManagementApiPush(management);
    }

    @AfterAll
    static void stop() {
        parallel.shutdownNow();
        management.close();
        dynamo.close();
        dynalite.close();
        app.close();
    }

    record Client(WsClient ws, ConnectionId id) {}

    static Client connect(String name) throws InterruptedException {
        LocalConnections.Open open = LocalConnections.open(app, ALICE, name);
        return new Client(open.ws(), open.id());
    }

    @Test
    void postGetAndDeleteAnswerAsApiGatewayAndAClosedConnectionIsGone() throws Exception {
        Client c = connect("mgmt-1");
        assertThat(push.send(c.id(), "{\"type\":\"pong\"}")).isEqualTo(LivePush.Outcome.SENT);
        assertThat(c.ws().next().get("type").asText()).isEqualTo("pong");

        GetConnectionResponse info = management.getConnection(b -> b.connectionId(c.id().value()));
        assertThat(info.connectedAt()).isBetween(Instant.now().minusSeconds(30), Instant.now());
        assertThat(info.identity().userAgent()).isEqualTo("mgmt-1");
        assertThat(info.identity().sourceIp()).isEqualTo("127.0.0.1");

        management.deleteConnection(b -> b.connectionId(c.id().value()));
        assertThat(c.ws().awaitClose()).isEqualTo(1000);
        assertThat(push.send(c.id(), "{}")).isEqualTo(LivePush.Outcome.GONE);
        try {
            management.getConnection(b -> b.connectionId(c.id().value()));
            throw new AssertionError("GoneException expected");
        } catch (GoneException expected) {
            assertThat(expected.statusCode()).isEqualTo(410);
        }
        assertThat(push.send(new ConnectionId("neverWasOpen0000"), "{}")).isEqualTo(LivePush.Outcome.GONE);
    }

    /**
     * As with API Gateway, a message posted and answered is on the socket before the next post: the pusher sends one
     * subscriber's events one after the other and relies on that order. (The answer used to come before the frame was
     * written, and a later post handled on the socket's own event loop overtook it: [2, 1, 3, 4, 5] was seen.)
     */
    @Test
    void messagesPostedOneAfterAnotherArriveInThatOrder() throws Exception {
        // four connections posted to at once, as the pusher serves subscribers in parallel: the SDK's pooled HTTP
        // connections then alternate under each sender, and land on different event loops of the server
        List<Client> clients = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            clients.add(connect("mgmt-order-" + k));
        }
        int count = 300;
        List<java.util.concurrent.Future<?>> senders = new ArrayList<>();
        for (Client c : clients) {
            senders.add(parallel.submit(() -> {
                for (int i = 1; i <= count; i++) {
                    assertThat(push.send(c.id(), "{\"type\":\"probe\",\"n\":" + i + "}")).isEqualTo(LivePush.Outcome.SENT);
                }
            }));
        }
        for (var sender : senders) {
            sender.get(60, TimeUnit.SECONDS);
        }
        for (Client c : clients) {
            List<Integer> received = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                JsonNode m = c.ws().next();
                assertThat(m).as("message %d", i + 1).isNotNull();
                received.add(m.get("n").asInt());
            }
            assertThat(received).isSorted().hasSize(count);
            c.ws().close();
        }
    }

    @Test
    void aCommitReachesEverySubscriberInOrderAndAGoneConnectionLosesOnlyItsOwnItems() throws Exception {
        Run run = app.queuedRun(ALICE);
        for (int p = 1; p <= 4; p++) {
            app.progress(ALICE.tenant(), run.id(), p);
        }
        Client one = connect("push-1");
        Client two = connect("push-2");
        ConnectionId stale = new ConnectionId("staleConnection1");
        Instant expires = Instant.now().plus(Duration.ofHours(2));
        for (ConnectionId c : List.of(one.id(), two.id(), stale)) {
            registry.connect(c, ALICE.tenant(), Optional.empty(), expires, Optional.empty());
        }
        registry.subscribe(one.id(), ALICE.tenant(), run.id(), 0, expires, LiveMessages.MAX_SUBSCRIPTIONS);
        registry.subscribe(two.id(), ALICE.tenant(), run.id(), 3, expires, LiveMessages.MAX_SUBSCRIPTIONS); // resumed after seq 3
        registry.subscribe(stale, ALICE.tenant(), run.id(), 0, expires, LiveMessages.MAX_SUBSCRIPTIONS);
        PushRunEvents pusher = new PushRunEvents(app.transactions, new com.aitesting.postgres.read.PostgresRunEventReads(app.transactions), registry, push,
                new LiveMessages(new ObjectMapper()), parallel, Clock.systemUTC());

        pusher.afterCommit(ALICE.tenant(), run.id());

        assertThat(seqs(one.ws(), 5)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(seqs(two.ws(), 2)).containsExactly(4L, 5L);
        assertThat(registry.access(stale)).as("the gone connection's items are deleted").isEmpty();
        assertThat(registry.subscribers(run.id())).extracting(LiveSubscriber::connection)
                .containsExactlyInAnyOrder(one.id(), two.id());

        pusher.afterCommit(ALICE.tenant(), run.id());
        assertThat(one.ws().next(Duration.ofMillis(300))).as("a second push sends nothing twice").isNull();

        app.complete(ALICE.tenant(), run.id());
        pusher.afterCommit(ALICE.tenant(), run.id());
        for (Client c : List.of(one, two)) {
            JsonNode terminal = c.ws().next();
            assertThat(terminal.get("event").asText()).isEqualTo("run.completed");
            assertThat(c.ws().next().get("type").asText()).isEqualTo("end");
        }
        assertThat(registry.subscribers(run.id())).as("ended subscriptions are removed").isEmpty();
        assertThat(registry.access(one.id())).as("the connections themselves stay").isPresent();
        one.ws().close();
        two.ws().close();
    }

    /**
     * A connection whose credential has expired gets no more events, though its items are still stored (the
     * TTL deletes lazily): the pusher tells it why (the 401), deletes it through the management API
     * (DELETE /@connections/{id}: the embedded server then closes the socket) and deletes its items, while
     * a subscriber of the same run whose credential is valid gets the event.
     */
    @Test
    void anExpiredConnectionIsToldWhyClosedThroughTheManagementApiAndLosesItsItemsWhileTheOthersGetTheEvent() throws Exception {
        Run run = app.queuedRun(ALICE);
        Client valid = connect("push-valid");
        Client expired = connect("push-expired");
        Instant twoHours = Instant.now().plus(Duration.ofHours(2));
        Instant expiredAt = Instant.now().minusSeconds(1); // its stream token expired a second ago
        registry.connect(valid.id(), ALICE.tenant(), Optional.empty(), twoHours, Optional.empty());
        registry.connect(expired.id(), ALICE.tenant(), Optional.empty(), expiredAt, Optional.of(expiredAt));
        registry.subscribe(valid.id(), ALICE.tenant(), run.id(), 0, twoHours, LiveMessages.MAX_SUBSCRIPTIONS);
        registry.subscribe(expired.id(), ALICE.tenant(), run.id(), 0, expiredAt, LiveMessages.MAX_SUBSCRIPTIONS);
        PushRunEvents pusher = new PushRunEvents(app.transactions, new com.aitesting.postgres.read.PostgresRunEventReads(app.transactions), registry, push,
                new LiveMessages(new ObjectMapper()), parallel, Clock.systemUTC());

        pusher.afterCommit(ALICE.tenant(), run.id());

        assertThat(seqs(valid.ws(), 1)).containsExactly(1L);
        JsonNode told = expired.ws().next();
        assertThat(told.get("type").asText()).isEqualTo("error");
        assertThat(told.get("status").asInt()).isEqualTo(401);
        assertThat(told.get("title").asText()).isEqualTo(LiveMessages.CREDENTIAL_EXPIRED);
        assertThat(expired.ws().awaitClose()).as("closed by DELETE /@connections/{id}").isEqualTo(1000);
        assertThat(registry.access(expired.id())).as("its items are deleted").isEmpty();
        assertThat(registry.subscriptionCount(expired.id())).isZero();
        assertThat(registry.subscribers(run.id())).extracting(LiveSubscriber::connection).containsExactly(valid.id());
        assertThat(valid.ws().isOpen()).isTrue();
        valid.ws().close();
    }

    static List<Long> seqs(WsClient ws, int count) throws InterruptedException {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode m = ws.next();
            assertThat(m).as("message %d", i).isNotNull();
            assertThat(m.get("type").asText()).isEqualTo("event");
            seqs.add(m.get("seq").asLong());
        }
        return seqs;
    }
}
