package com.aitesting.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.aitesting.api.stream.StreamTestApp;
import com.aitesting.api.ws.lambda.LiveRoutes;
import com.aitesting.api.ws.lambda.LiveRoutesHandler;
import com.aitesting.aws.dataapi.DataApiTarget;
import com.aitesting.aws.dataapi.DataApiTransactions;
import com.aitesting.aws.dataapi.JdbcRdsDataClient;
import com.aitesting.aws.live.Dynalite;
import com.aitesting.aws.live.DynamoDbLiveConnections;
import com.aitesting.aws.live.LiveMessages;
import com.aitesting.aws.live.LivePushSettings;
import com.aitesting.core.live.ConnectionId;
import com.aitesting.core.live.LiveSubscriber;
import com.aitesting.core.port.RunEventsCommitted;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.Actor;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.read.PostgresRunEventReads;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;

/**
 * The WebSocket routes function as API Gateway drives it: the events of {@code $connect} (after the
 * authorizer, its context in {@code requestContext.authorizer}), {@code $disconnect} and the action routes
 * and {@code $default}, with the registry on dynalite, runs read through the Data API (JdbcRdsDataClient,
 * the Data API's contract on the embedded PostgreSQL, as the restricted role) and every answer pushed
 * through the management API (the embedded server's {@code /@connections}) to a real WebSocket client.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LiveRoutesIT {
    static final Actor ALICE = StreamTestApp.actor("t_alice");
    static final Actor MALLORY = StreamTestApp.actor("t_mallory");
    /** What the events name: answers still go to the configured management API (here on loopback), never there. */
    static final String DOMAIN = "abc123.execute-api.eu-west-1.amazonaws.com";
    static final String TABLE = "live";
    static final DataApiTarget TARGET = new DataApiTarget("arn:aws:rds:eu-west-1:1:cluster:ait-test",
            "arn:aws:secretsmanager:eu-west-1:1:secret:app-AbCdEf", "aitesting");
    static StreamTestApp app;
    static Dynalite dynalite;
    static DynamoDbClient dynamo;
    static DynamoDbLiveConnections registry;
    static ApiGatewayManagementApiClient management;
    static LiveRoutesHandler routes;
    static PostgresRunEventStore writer; // a workflow task's store: pushes after its commits
    static DataApiTransactions dataApi;

    @BeforeAll
    static void start() {
        app = new StreamTestApp(Map.of());
        dynalite = Dynalite.start();
        dynamo = dynalite.client();
        Dynalite.createLiveTable(dynamo, TABLE);
        registry = new DynamoDbLiveConnections(dynamo, TABLE);
        management = LocalConnections.management(app);
        dataApi = new DataApiTransactions(new JdbcRdsDataClient(app.db.appDataSource(), TARGET), TARGET);
        routes = new LiveRoutesHandler(registry, dataApi, management);
        RunEventsCommitted pusher = LivePushSettings.pusher(dynamo, management, TABLE, app.transactions,
                new PostgresRunEventReads(app.transactions));
        writer = new PostgresRunEventStore(app.transactions, pusher);
    }

    @AfterAll
    static void stop() {
        management.close();
        dynamo.close();
        dynalite.close();
        app.close();
    }

    static Map<String, Object> requestContext(String routeKey, String eventType, ConnectionId connection) {
        Map<String, Object> context = new HashMap<>();
        context.put("routeKey", routeKey);
        context.put("eventType", eventType);
        context.put("connectionId", connection.value());
        context.put("domainName", DOMAIN);
        context.put("stage", "live");
        context.put("apiId", "abc123");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("connectedAt", System.currentTimeMillis());
        return context;
    }

    /** $connect as API Gateway sends it after the authorizer allowed it: the context the authorizer returned. */
    static void connect(ConnectionId connection, Map<String, Object> authorizerContext) {
        Map<String, Object> context = requestContext("$connect", "CONNECT", connection);
        Map<String, Object> authorizer = new HashMap<>(authorizerContext);
        authorizer.put("principalId", "someone");
        authorizer.put("integrationLatency", 12);
        context.put("authorizer", authorizer);
        Map<String, Object> event = Map.of("requestContext", context, "isBase64Encoded", false,
                "headers", Map.of("Host", DOMAIN), "multiValueHeaders", Map.of("Host", List.of(DOMAIN)));
        assertThat(routes.handleRequest(event, null)).containsEntry("statusCode", 200);
    }

    /** A client frame: API Gateway picks the route by {@code $request.body.action}, else $default. */
    static void frame(ConnectionId connection, String body) {
        String action = null;
        try {
            JsonNode parsed = WsClient.JSON.readTree(body);
            action = parsed != null && parsed.path("action").isTextual() ? parsed.get("action").asText() : null;
        } catch (Exception notJson) {
            // $default
        }
        String routeKey = action != null && List.of("subscribe", "unsubscribe", "ping").contains(action) ? action : "$default";
        Map<String, Object> context = requestContext(routeKey, "MESSAGE", connection);
        context.put("messageId", UUID.randomUUID().toString());
        Map<String, Object> event = new HashMap<>(Map.of("requestContext", context, "isBase64Encoded", false));
        event.put("body", body);
        assertThat(routes.handleRequest(event, null)).containsEntry("statusCode", 200);
    }

    static void disconnect(ConnectionId connection) {
        assertThat(routes.handleRequest(disconnectEvent(connection), null)).containsEntry("statusCode", 200);
    }

    static Map<String, Object> disconnectEvent(ConnectionId connection) {
        Map<String, Object> context = requestContext("$disconnect", "DISCONNECT", connection);
        context.put("disconnectStatusCode", 1001);
        context.put("disconnectReason", "Going away");
        return Map.of("requestContext", context, "isBase64Encoded", false);
    }

    static Map<String, Object> messageEvent(ConnectionId connection, String routeKey, String body) {
        Map<String, Object> context = requestContext(routeKey, "MESSAGE", connection);
        context.put("messageId", UUID.randomUUID().toString());
        Map<String, Object> event = new HashMap<>(Map.of("requestContext", context, "isBase64Encoded", false));
        event.put("body", body);
        return event;
    }

    /** A port on loopback where nothing listens: a DynamoDB that cannot be reached. */
    static DynamoDbClient unreachableDynamo() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        return DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    static String subscribe(Object run, long after) {
        return "{\"action\":\"subscribe\",\"run_id\":\"" + run + "\",\"after\":" + after + "}";
    }

    /** A client whose connection API Gateway (here the embedded server's @connections) can be asked to push to. */
    static LocalConnections.Open client(String name, Map<String, Object> authorizerContext) throws InterruptedException {
        LocalConnections.Open c = LocalConnections.open(app, ALICE, name);
        connect(c.id(), authorizerContext);
        return c;
    }

    static Map<String, Object> tenant(Actor actor) {
        return Map.of("tenant", actor.tenant().value());
    }

    @Test
    void subscribeSendsTheBacklogThenLiveEventsPingPongsAndUnsubscribeStopsThem() throws Exception {
        Run run = app.queuedRun(ALICE);
        app.progress(ALICE.tenant(), run.id(), 10); // seq 2
        LocalConnections.Open c = client("routes-1", tenant(ALICE));
        assertThat(registry.access(c.id())).hasValueSatisfying(a -> assertThat(a.tenant()).isEqualTo(ALICE.tenant()));

        frame(c.id(), subscribe(run.id(), 0));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 2)).containsExactly(1L, 2L);
        app.transactions.inTenant(ALICE.tenant(), () -> writer.append(run.id(),
                new com.aitesting.core.run.NewRunEvent(RunEventType.STEP_PROGRESS, Map.of("percent", 20), "p20")));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).as("live, after the writer's commit").containsExactly(3L);

        frame(c.id(), "{\"action\":\"ping\"}");
        assertThat(c.ws().next().get("type").asText()).isEqualTo("pong");

        frame(c.id(), subscribe(run.id(), 0));
        JsonNode again = c.ws().next();
        assertThat(again.get("status").asInt()).isEqualTo(409);
        assertThat(again.get("run_id").asText()).isEqualTo(run.id().toString());

        frame(c.id(), "{\"action\":\"unsubscribe\",\"run_id\":\"" + run.id() + "\"}");
        assertThat(registry.subscribers(run.id())).isEmpty();
        app.transactions.inTenant(ALICE.tenant(), () -> writer.append(run.id(),
                new com.aitesting.core.run.NewRunEvent(RunEventType.STEP_PROGRESS, Map.of("percent", 30), "p30")));
        assertThat(c.ws().next(Duration.ofMillis(400))).as("nothing after unsubscribe").isNull();
        frame(c.id(), "{\"action\":\"unsubscribe\",\"run_id\":\"not-a-run\"}");
        assertThat(c.ws().next(Duration.ofMillis(300))).as("unsubscribing an unknown run answers nothing").isNull();

        frame(c.id(), subscribe(run.id(), 3));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).as("resumed after seq 3").containsExactly(4L);
        app.complete(ALICE.tenant(), run.id(), writer);
        assertThat(c.ws().next().get("event").asText()).isEqualTo("run.completed");
        assertThat(c.ws().next().get("type").asText()).isEqualTo("end");
        frame(c.id(), subscribe(run.id(), 5));
        assertThat(c.ws().next().get("type").asText()).as("at the terminal event: end at once").isEqualTo("end");
        assertThat(registry.subscribers(run.id())).as("nothing more will come: nothing registered").isEmpty();
        frame(c.id(), subscribe(run.id(), 6));
        JsonNode past = c.ws().next();
        assertThat(past.get("status").asInt()).as("past the run's last event").isEqualTo(400);
        assertThat(past.get("title").asText()).contains("past the run's last event (seq 5)");
        c.ws().close();
    }

    @Test
    void badFramesAreAnswered400AndTheConnectionsSubscriptionGoesOn() throws Exception {
        Run run = app.queuedRun(ALICE);
        LocalConnections.Open c = client("routes-bad", tenant(ALICE));
        frame(c.id(), subscribe(run.id(), 0));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).containsExactly(1L);
        for (String bad : List.of("not json", "[1,2]", "{}", "{\"action\":\"launch\"}", "{\"action\":7}",
                "{\"action\":\"ping\",\"extra\":1}", "{\"action\":\"subscribe\",\"run_id\":\"" + run.id() + "\",\"after\":-1}",
                "{\"action\":\"subscribe\",\"run_id\":42}", "{\"action\":\"subscribe\",\"run_id\":\"" + run.id() + "\",\"after\":\"x\"}", "")) {
            frame(c.id(), bad);
            JsonNode answer = c.ws().next();
            assertThat(answer).as(bad).isNotNull();
            assertThat(answer.get("type").asText()).as(bad).isEqualTo("error");
            assertThat(answer.get("status").asInt()).as(bad).isEqualTo(400);
            assertThat(answer.toString()).as("no class names or traces").doesNotContain("Exception").doesNotContain("at com.");
        }
        // over the protocol's bound: API Gateway delivers it (up to 128 KB), the function refuses it as the
        // embedded server does, with an answer instead of the close code it cannot send
        frame(c.id(), "{\"action\":\"ping\",\"pad\":\"" + "x".repeat(LiveMessages.MAX_CLIENT_MESSAGE_BYTES) + "\"}");
        JsonNode tooBig = c.ws().next();
        assertThat(tooBig.get("type").asText()).isEqualTo("error");
        assertThat(tooBig.get("status").asInt()).isEqualTo(413);
        assertThat(tooBig.get("title").asText()).contains(String.valueOf(LiveMessages.MAX_CLIENT_MESSAGE_BYTES));
        app.transactions.inTenant(ALICE.tenant(), () -> writer.append(run.id(),
                new com.aitesting.core.run.NewRunEvent(RunEventType.STEP_PROGRESS, Map.of("percent", 50), "bad-p50")));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).as("the subscription is unaffected").containsExactly(2L);
        c.ws().close();
    }

    /**
     * The routes function of a deployment whose database cannot be reached (a real Data API client whose
     * endpoint refuses connections on loopback): a subscribe is answered 503 for its run, registers
     * nothing, and the connection's other subscription (made while the database answered) goes on.
     */
    @Test
    void aSubscribeWhileTheDatabaseIsUnreachableIsA503ForThatRunOnly() throws Exception {
        Run held = app.queuedRun(ALICE);
        Run wanted = app.queuedRun(ALICE);
        LocalConnections.Open c = client("routes-503", tenant(ALICE));
        frame(c.id(), subscribe(held.id(), 0));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).containsExactly(1L);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (RdsDataClient unreachable = RdsDataClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort)).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build()) {
            LiveRoutesHandler down = new LiveRoutesHandler(registry, new DataApiTransactions(unreachable, TARGET), management);
            Map<String, Object> context = requestContext("subscribe", "MESSAGE", c.id());
            Map<String, Object> event = new HashMap<>(Map.of("requestContext", context, "isBase64Encoded", false));
            event.put("body", subscribe(wanted.id(), 0));
            assertThat(down.handleRequest(event, null)).containsEntry("statusCode", 200);
        }
        JsonNode answer = c.ws().next();
        assertThat(answer.get("type").asText()).isEqualTo("error");
        assertThat(answer.get("status").asInt()).isEqualTo(503);
        assertThat(answer.get("run_id").asText()).isEqualTo(wanted.id().toString());
        assertThat(answer.get("title").asText()).isEqualTo(LiveMessages.UNAVAILABLE);
        assertThat(registry.subscribers(wanted.id())).as("nothing registered for it").isEmpty();

        app.transactions.inTenant(ALICE.tenant(), () -> writer.append(held.id(),
                new com.aitesting.core.run.NewRunEvent(RunEventType.STEP_PROGRESS, Map.of("percent", 5), "held-p5")));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).as("the other subscription goes on").containsExactly(2L);
        frame(c.id(), subscribe(wanted.id(), 0));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).as("subscribing again once it answers").containsExactly(1L);
        c.ws().close();
    }

    /**
     * The routes function whose registry cannot be reached (a real DynamoDB client whose endpoint refuses
     * connections on loopback): {@code $connect} answers 503, which API Gateway returns to the upgrade
     * request (a transient refusal: connect again), logged once by name, nothing thrown (which API Gateway
     * would answer 500 with no reason), nothing registered.
     */
    @Test
    void aConnectWhileTheRegistryIsUnreachableIsRefused503AndLoggedOnce() throws Exception {
        ConnectionId id = new ConnectionId("regDown" + Long.toHexString(System.nanoTime()));
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger handlerLog = (Logger) LoggerFactory.getLogger(LiveRoutesHandler.class);
        logs.start();
        handlerLog.addAppender(logs);
        try (DynamoDbClient dead = unreachableDynamo()) {
            LiveRoutesHandler down = new LiveRoutesHandler(new DynamoDbLiveConnections(dead, TABLE), dataApi, management);
            Map<String, Object> context = requestContext("$connect", "CONNECT", id);
            context.put("authorizer", new HashMap<>(Map.of("tenant", ALICE.tenant().value(), "principalId", "someone")));

            assertThat(down.handleRequest(Map.of("requestContext", context, "isBase64Encoded", false), null))
                    .isEqualTo(Map.of("statusCode", 503));
        } finally {
            handlerLog.detachAppender(logs);
        }
        assertThat(registry.access(id)).as("nothing registered").isEmpty();
        assertThat(logs.list).hasSize(1);
        assertThat(logs.list.getFirst().getFormattedMessage()).contains("$connect").contains("DynamoDB unreachable");
    }

    /**
     * A registered connection whose registry becomes unreachable: an unsubscribe and a subscribe are each
     * answered with the protocol's 503 for their run (nothing thrown, so API Gateway keeps the connection
     * and sends no generic error), a $disconnect is not an error (the items expire with the connection),
     * and once the registry answers the same connection subscribes and unsubscribes as before.
     */
    @Test
    void framesWhileTheRegistryIsUnreachableAreAnswered503AndTheConnectionStaysUsable() throws Exception {
        Run run = app.queuedRun(ALICE);
        Run other = app.queuedRun(ALICE);
        LocalConnections.Open c = client("routes-reg-503", tenant(ALICE));
        frame(c.id(), subscribe(run.id(), 0));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).containsExactly(1L);
        try (DynamoDbClient dead = unreachableDynamo()) {
            LiveRoutesHandler down = new LiveRoutesHandler(new DynamoDbLiveConnections(dead, TABLE), dataApi, management);

            assertThat(down.handleRequest(messageEvent(c.id(), "unsubscribe",
                    "{\"action\":\"unsubscribe\",\"run_id\":\"" + run.id() + "\"}"), null)).containsEntry("statusCode", 200);
            JsonNode unsubscribe = c.ws().next();
            assertThat(unsubscribe.get("type").asText()).isEqualTo("error");
            assertThat(unsubscribe.get("status").asInt()).isEqualTo(503);
            assertThat(unsubscribe.get("run_id").asText()).isEqualTo(run.id().toString());
            assertThat(unsubscribe.get("title").asText()).isEqualTo(LiveMessages.UNSUBSCRIBE_UNAVAILABLE);
            assertThat(unsubscribe.toString()).as("no class names or SDK text").doesNotContain("Exception").doesNotContain("127.0.0.1");

            assertThat(down.handleRequest(messageEvent(c.id(), "subscribe", subscribe(other.id(), 0)), null)).containsEntry("statusCode", 200);
            JsonNode subscribe = c.ws().next();
            assertThat(subscribe.get("status").asInt()).isEqualTo(503);
            assertThat(subscribe.get("run_id").asText()).isEqualTo(other.id().toString());
            assertThat(subscribe.get("title").asText()).isEqualTo(LiveMessages.UNAVAILABLE);

            assertThat(down.handleRequest(disconnectEvent(c.id()), null)).as("$disconnect").containsEntry("statusCode", 200);
        }
        assertThat(registry.access(c.id())).as("the $disconnect that failed removed nothing").isPresent();
        frame(c.id(), "{\"action\":\"unsubscribe\",\"run_id\":\"" + run.id() + "\"}");
        assertThat(registry.subscribers(run.id())).as("unsubscribing again, once it answers").isEmpty();
        frame(c.id(), subscribe(other.id(), 0));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).as("subscribing again, once it answers").containsExactly(1L);
        assertThat(registry.subscriptionCount(c.id())).isEqualTo(1);
        c.ws().close();
    }

    @Test
    void anotherTenantsRunAnUnknownRunAndAMalformedIdGetTheSame404() throws Exception {
        Run foreign = app.queuedRun(MALLORY);
        LocalConnections.Open c = client("routes-404", tenant(ALICE));
        List<String> titles = new ArrayList<>();
        for (String id : List.of(foreign.id().toString(), RunId.random().toString(), "not-a-run")) {
            frame(c.id(), subscribe(id, 0));
            JsonNode answer = c.ws().next();
            assertThat(answer.get("status").asInt()).isEqualTo(404);
            assertThat(answer.get("run_id").asText()).isEqualTo(id);
            titles.add(answer.get("title").asText());
        }
        assertThat(titles).containsOnly(LiveMessages.NOT_FOUND);
        assertThat(registry.subscribers(foreign.id())).as("nothing of the other tenant's run is registered").isEmpty();
        app.progress(MALLORY.tenant(), foreign.id(), 5);
        assertThat(c.ws().next(Duration.ofMillis(300))).isNull();
        c.ws().close();
    }

    @Test
    void aStreamTokenConnectionMaySubscribeToItsRunOnly() throws Exception {
        Run mine = app.queuedRun(ALICE);
        Run other = app.queuedRun(ALICE);
        LocalConnections.Open c = client("routes-token", Map.of("tenant", ALICE.tenant().value(), "only_run", mine.id().toString()));
        frame(c.id(), subscribe(other.id(), 0));
        JsonNode refused = c.ws().next();
        assertThat(refused.get("status").asInt()).isEqualTo(404);
        assertThat(refused.get("title").asText()).as("the same answer as an unknown run").isEqualTo(LiveMessages.NOT_FOUND);
        frame(c.id(), subscribe(mine.id(), 0));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).containsExactly(1L);
        c.ws().close();
    }

    @Test
    void aThousandSubscribesOnOneConnectionAreEachAnsweredAndAtMostAHundredHold() throws Exception {
        LocalConnections.Open c = client("routes-1000", tenant(ALICE));
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i <= LiveMessages.MAX_SUBSCRIPTIONS; i++) {
            runs.add(app.queuedRun(ALICE));
        }
        int events = 0;
        int tooMany = 0;
        int notFound = 0;
        for (int i = 0; i < 1000; i++) {
            frame(c.id(), subscribe(i < runs.size() ? runs.get(i).id() : RunId.random(), 0));
            JsonNode m = c.ws().next();
            assertThat(m).as("subscribe %d answered", i).isNotNull();
            switch (m.get("type").asText()) {
                case "event" -> events++;
                case "error" -> {
                    if (m.get("status").asInt() == 429) {
                        tooMany++;
                    } else if (m.get("status").asInt() == 404) {
                        notFound++;
                    }
                }
                default -> throw new AssertionError("unexpected " + m);
            }
        }
        assertThat(events).as("the first hundred runs' backlogs").isEqualTo(LiveMessages.MAX_SUBSCRIPTIONS);
        assertThat(tooMany).as("the 101st real run").isEqualTo(1);
        assertThat(notFound).isEqualTo(1000 - LiveMessages.MAX_SUBSCRIPTIONS - 1);
        assertThat(registry.subscriptionCount(c.id())).isEqualTo(LiveMessages.MAX_SUBSCRIPTIONS);
        app.transactions.inTenant(ALICE.tenant(), () -> writer.append(runs.getFirst().id(),
                new com.aitesting.core.run.NewRunEvent(RunEventType.STEP_PROGRESS, Map.of("percent", 1), "k-p1")));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).as("the held subscriptions go on").containsExactly(2L);

        disconnect(c.id());
        assertThat(registry.access(c.id())).as("$disconnect deletes the connection").isEmpty();
        assertThat(registry.subscriptionCount(c.id())).as("and all its subscriptions").isZero();
        assertThat(registry.subscribers(runs.getFirst().id())).isEmpty();
        c.ws().close();
    }

    /** A subscription ends with its connection, whenever it was made: its items carry the connection's expiry. */
    @Test
    void aSubscriptionsItemsExpireWithTheirConnectionNotTwoHoursAfterTheSubscribe() throws Exception {
        Run run = app.queuedRun(ALICE);
        LocalConnections.Open c = LocalConnections.open(app, ALICE, "routes-expiry");
        // connected 1 h 50 min ago: 10 minutes left
        Instant ends = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        registry.connect(c.id(), ALICE.tenant(), Optional.empty(), ends, Optional.empty());
        frame(c.id(), subscribe(run.id(), 0));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).containsExactly(1L);

        for (String[] key : new String[][] {{"conn#" + c.id(), "run#" + run.id()}, {"run#" + run.id(), "conn#" + c.id()}}) {
            Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(TABLE).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(key[0]), "sk", AttributeValue.fromS(key[1])))).item();
            assertThat(item.get(DynamoDbLiveConnections.TTL).n()).as(String.join(" ", key)).isEqualTo(Long.toString(ends.getEpochSecond()));
        }
        c.ws().close();
    }

    /**
     * API Gateway always passes the authorizer's context on $connect; should it not (a route without the
     * authorizer, a changed authorizer), the connection is refused with a status API Gateway answers the
     * handshake with, never registered for a tenant "null", and nothing throws.
     */
    @Test
    void aConnectWithoutTheAuthorizersTenantIsRefusedAndRegistersNothing() {
        ConnectionId id = new ConnectionId("noTenant" + Long.toHexString(System.nanoTime()));
        List<Map<String, Object>> contexts = new ArrayList<>();
        contexts.add(null); // no authorizer at all
        contexts.add(Map.of("principalId", "someone"));
        contexts.add(Map.of("tenant", ""));
        contexts.add(Map.of("tenant", "not a tenant!"));
        contexts.add(Map.of("tenant", ALICE.tenant().value(), "only_run", "not-a-run"));
        contexts.add(Map.of("tenant", ALICE.tenant().value(), "credential_expires_at", "soon"));
        for (Map<String, Object> authorizer : contexts) {
            Map<String, Object> context = requestContext("$connect", "CONNECT", id);
            if (authorizer != null) {
                context.put("authorizer", authorizer);
            }
            assertThat(routes.handleRequest(Map.of("requestContext", context), null)).as(String.valueOf(authorizer))
                    .isEqualTo(Map.of("statusCode", 403));
            assertThat(registry.access(id)).as(String.valueOf(authorizer)).isEmpty();
        }
        Map<String, Object> noConnection = requestContext("$connect", "CONNECT", id);
        noConnection.remove("connectionId");
        noConnection.put("authorizer", Map.of("tenant", ALICE.tenant().value()));
        assertThat(routes.handleRequest(Map.of("requestContext", noConnection), null)).isEqualTo(Map.of("statusCode", 400));
        assertThat(routes.handleRequest(Map.of("body", "{}"), null)).as("no requestContext").isEqualTo(Map.of("statusCode", 400));
        assertThat(routes.handleRequest(Map.of(), null)).isEqualTo(Map.of("statusCode", 400));
    }

    /** Subscribes that race (API Gateway invokes the function once per frame, in parallel) share one bound. */
    @Test
    void racingSubscribesOnOneConnectionHoldAtMostAHundredAndAnUnsubscribeFreesASlot() throws Exception {
        LocalConnections.Open c = client("routes-race", tenant(ALICE));
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            runs.add(app.queuedRun(ALICE));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> frames = new ArrayList<>();
            for (Run run : runs) {
                frames.add(pool.submit(() -> {
                    go.await();
                    frame(c.id(), subscribe(run.id(), 0));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : frames) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
        List<String> refused = new ArrayList<>();
        int events = 0;
        for (int i = 0; i < runs.size(); i++) {
            JsonNode m = c.ws().next();
            assertThat(m).as("answer %d", i).isNotNull();
            if ("event".equals(m.get("type").asText())) {
                events++;
            } else {
                assertThat(m.get("status").asInt()).as(m.toString()).isEqualTo(429);
                refused.add(m.get("run_id").asText());
            }
        }
        assertThat(events).isEqualTo(LiveMessages.MAX_SUBSCRIPTIONS);
        assertThat(refused).hasSize(runs.size() - LiveMessages.MAX_SUBSCRIPTIONS);
        assertThat(registry.subscriptionCount(c.id())).isEqualTo(LiveMessages.MAX_SUBSCRIPTIONS);

        RunId held = runs.stream().map(Run::id).filter(id -> !refused.contains(id.toString())).findFirst().orElseThrow();
        frame(c.id(), "{\"action\":\"unsubscribe\",\"run_id\":\"" + held + "\"}");
        frame(c.id(), subscribe(refused.getFirst(), 0));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).as("the freed slot").containsExactly(1L);
        frame(c.id(), subscribe(refused.get(1), 0));
        assertThat(c.ws().next().get("status").asInt()).as("full again").isEqualTo(429);
        disconnect(c.id());
        c.ws().close();
    }

    @Test
    void disconnectDeletesOnlyThatConnectionsItemsAndAnUnregisteredConnectionIsToldToReconnect() throws Exception {
        Run run = app.queuedRun(ALICE);
        LocalConnections.Open leaving = client("routes-leave", tenant(ALICE));
        LocalConnections.Open staying = client("routes-stay", tenant(ALICE));
        frame(leaving.id(), subscribe(run.id(), 0));
        frame(staying.id(), subscribe(run.id(), 0));
        assertThat(ManagementApiPushIT.seqs(leaving.ws(), 1)).containsExactly(1L);
        assertThat(ManagementApiPushIT.seqs(staying.ws(), 1)).containsExactly(1L);

        disconnect(leaving.id());

        assertThat(registry.access(leaving.id())).isEmpty();
        assertThat(registry.subscribers(run.id())).extracting(LiveSubscriber::connection).containsExactly(staying.id());
        frame(leaving.id(), subscribe(run.id(), 0));
        JsonNode answer = leaving.ws().next();
        assertThat(answer.get("status").asInt()).as("a frame of an unregistered connection").isEqualTo(404);
        assertThat(registry.subscribers(run.id())).hasSize(1);
        leaving.ws().close();
        staying.ws().close();
    }

    static Map<String, AttributeValue> item(String pk, String sk) {
        return dynamo.getItem(g -> g.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    /**
     * $connect stores the authorizer's credential expiry on the connection's item, and its TTL (and its
     * subscriptions') is the earlier of API Gateway's 2 h and that expiry.
     */
    @Test
    void aConnectsTtlIsTheEarlierOfTwoHoursAndItsCredentialsExpiryWhichItsItemKeeps() throws Exception {
        Run run = app.queuedRun(ALICE);
        long soon = Instant.now().plusSeconds(300).getEpochSecond();
        LocalConnections.Open c = client("routes-ttl-token", Map.of("tenant", ALICE.tenant().value(), "only_run", run.id().toString(),
                "credential_expires_at", Long.toString(soon)));
        frame(c.id(), subscribe(run.id(), 0));
        assertThat(ManagementApiPushIT.seqs(c.ws(), 1)).containsExactly(1L);
        Map<String, AttributeValue> meta = item("conn#" + c.id(), "meta");
        assertThat(meta.get(DynamoDbLiveConnections.CREDENTIAL_EXPIRES_AT).n()).isEqualTo(Long.toString(soon));
        assertThat(meta.get(DynamoDbLiveConnections.TTL).n()).as("the credential's expiry comes first").isEqualTo(Long.toString(soon));
        assertThat(item("run#" + run.id(), "conn#" + c.id()).get(DynamoDbLiveConnections.TTL).n()).isEqualTo(Long.toString(soon));

        long late = Instant.now().plus(Duration.ofHours(3)).getEpochSecond();
        LocalConnections.Open jwt = client("routes-ttl-jwt", Map.of("tenant", ALICE.tenant().value(), "credential_expires_at", late));
        long ttl = Long.parseLong(item("conn#" + jwt.id(), "meta").get(DynamoDbLiveConnections.TTL).n());
        assertThat(ttl).as("API Gateway's 2 h come first").isBetween(Instant.now().plus(LiveRoutes.CONNECTION_LIFE).getEpochSecond() - 5,
                Instant.now().plus(LiveRoutes.CONNECTION_LIFE).getEpochSecond());
        assertThat(item("conn#" + jwt.id(), "meta").get(DynamoDbLiveConnections.CREDENTIAL_EXPIRES_AT).n()).isEqualTo(Long.toString(late));
        c.ws().close();
        jwt.ws().close();
    }

    /**
     * A subscribe or a ping on a connection whose credential has expired (its items not yet deleted by the
     * TTL) is refused as the pusher refuses it: the 401, the connection deleted through the management API
     * (the embedded server's /@connections closes the socket), its items deleted.
     */
    @Test
    void aSubscribeOrPingOnAConnectionWhoseCredentialExpiredGetsThe401AndTheConnectionIsDeleted() throws Exception {
        Run run = app.queuedRun(ALICE);
        String expired = Long.toString(Instant.now().minusSeconds(1).getEpochSecond());
        for (String body : List.of(subscribe(run.id(), 0), "{\"action\":\"ping\"}")) {
            LocalConnections.Open c = client("routes-expired-" + body.length(), Map.of("tenant", ALICE.tenant().value(),
                    "credential_expires_at", expired));
            frame(c.id(), body);
            JsonNode answer = c.ws().next();
            assertThat(answer.get("status").asInt()).as(body).isEqualTo(401);
            assertThat(answer.get("title").asText()).isEqualTo(LiveMessages.CREDENTIAL_EXPIRED);
            assertThat(c.ws().awaitClose()).as("closed by DELETE /@connections/{id}").isEqualTo(1000);
            assertThat(registry.access(c.id())).as("its items are deleted").isEmpty();
        }
        assertThat(registry.subscribers(run.id())).isEmpty();
    }
}
