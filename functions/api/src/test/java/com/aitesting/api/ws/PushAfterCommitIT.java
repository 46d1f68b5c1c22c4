package com.aitesting.api.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.api.stream.StreamTestApp;
import com.aitesting.aws.live.LiveMessages;
import com.aitesting.aws.live.Dynalite;
import com.aitesting.aws.live.DynamoDbLiveConnections;
import com.aitesting.aws.live.LivePushSettings;
import com.aitesting.core.live.LiveSubscriber;
import com.aitesting.core.live.PushRunEvents;
import com.aitesting.core.port.RunEventsCommitted;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.read.PostgresRunEventReads;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The writers' hook on AWS, for real: events appended through PostgresRunEventStore in a tenant-bound
 * transaction on embedded PostgreSQL, the writer's pusher as the Lambdas assemble it
 * ({@link LivePushSettings#pusher}) on the DynamoDB registry (dynalite) and the management API (the
 * embedded server's {@code /@connections}), and WebSocket clients (Java-WebSocket) as the subscribers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PushAfterCommitIT {
    static final Actor ALICE = StreamTestApp.actor("t_alice");
    static final String TABLE = "live";
    static StreamTestApp app;
    static Dynalite dynalite;
    static DynamoDbClient dynamo;
    static DynamoDbLiveConnections registry;
    static ApiGatewayManagementApiClient management;
    static PushRunEvents pusher;

    @BeforeAll
    static void start() {
        app = new StreamTestApp(Map.of());
        dynalite = Dynalite.start();
        dynamo = dynalite.client();
        Dynalite.createLiveTable(dynamo, TABLE);
        registry = new DynamoDbLiveConnections(dynamo, TABLE);
        management = LocalConnections.management(app);
        pusher = LivePushSettings.pusher(dynamo, management, TABLE, app.transactions, new PostgresRunEventReads(app.transactions));
    }

    @AfterAll
    static void stop() {
        management.close();
        dynamo.close();
        dynalite.close();
        app.close();
    }

    /** What the store told, and whether the events it named were visible to another transaction then. */
    record Notice(TenantId tenant, RunId run, long storedSeqs) {}

    /** The pusher behind a spy that records each notice and what a fresh transaction saw at that moment. */
    static final class Recording implements RunEventsCommitted {
        final List<Notice> notices = new CopyOnWriteArrayList<>();
        private final RunEventsCommitted next;

        Recording(RunEventsCommitted next) {
            this.next = next;
        }

        @Override
        public void committed(TenantId tenant, RunId run) {
            notices.add(new Notice(tenant, run, app.stored(tenant, run).size()));
            next.committed(tenant, run);
        }
    }

    static LocalConnections.Open subscriber(String name, RunId run, long after) throws InterruptedException {
        LocalConnections.Open c = LocalConnections.open(app, ALICE, name);
        Instant expires = Instant.now().plus(Duration.ofHours(2));
        registry.connect(c.id(), ALICE.tenant(), Optional.empty(), expires, Optional.empty());
        registry.subscribe(c.id(), ALICE.tenant(), run, after, expires, LiveMessages.MAX_SUBSCRIPTIONS);
        return c;
    }

    static NewRunEvent progress(int percent) {
        return new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of("percent", percent, "message", "step " + percent),
                UUID.randomUUID().toString());
    }

    @Test
    void eventsCommittedInOneTransactionReachTheSubscriberInOrderAfterTheCommitAndARollbackPushesNothing() throws Exception {
        Recording told = new Recording(pusher);
        PostgresRunEventStore store = new PostgresRunEventStore(app.transactions, told);
        Run run = app.queuedRun(ALICE); // seq 1
        LocalConnections.Open viewer = subscriber("commit-1", run.id(), 1);

        app.transactions.inTenant(ALICE.tenant(), () -> {
            for (int p = 1; p <= 3; p++) {
                store.append(run.id(), progress(p));
            }
            assertThat(told.notices).as("nothing is told inside the transaction").isEmpty();
        });

        assertThat(told.notices).as("one notice per run and commit, after the commit (another transaction saw all 4)")
                .containsExactly(new Notice(ALICE.tenant(), run.id(), 4));
        assertThat(ManagementApiPushIT.seqs(viewer.ws(), 3)).containsExactly(2L, 3L, 4L);

        assertThatThrownBy(() -> app.transactions.inTenant(ALICE.tenant(), () -> {
            store.append(run.id(), progress(4));
            throw new IllegalStateException("the writer fails after its append");
        })).hasMessageContaining("fails after its append");
        assertThat(told.notices).as("a rolled-back append tells nobody").hasSize(1);
        assertThat(viewer.ws().next(Duration.ofMillis(500))).as("and pushes nothing").isNull();
        assertThat(registry.subscribers(run.id())).extracting(LiveSubscriber::cursor).containsExactly(4L);

        app.transactions.inTenant(ALICE.tenant(), () -> store.append(run.id(), progress(5)));
        assertThat(ManagementApiPushIT.seqs(viewer.ws(), 1)).as("the seq the rollback did not take").containsExactly(5L);

        app.complete(ALICE.tenant(), run.id(), store);
        JsonNode terminal = viewer.ws().next();
        assertThat(terminal.get("event").asText()).isEqualTo("run.completed");
        assertThat(viewer.ws().next().get("type").asText()).isEqualTo("end");
        assertThat(registry.subscribers(run.id())).isEmpty();
        viewer.ws().close();
    }

    @Test
    void aPushThatFailsNeverFailsTheWriterAndTheNextCommitSendsWhatWasMissed() throws Exception {
        Run run = app.queuedRun(ALICE);
        LocalConnections.Open viewer = subscriber("commit-2", run.id(), 1);
        // the registry unreachable (nothing listens on that port): the writer's commit must stand regardless
        DynamoDbClient deadDynamo = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + closedPort()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        PushRunEvents broken = LivePushSettings.pusher(deadDynamo, management, TABLE, app.transactions,
                new PostgresRunEventReads(app.transactions));
        PostgresRunEventStore failing = new PostgresRunEventStore(app.transactions, broken);

        app.transactions.inTenant(ALICE.tenant(), () -> failing.append(run.id(), progress(1)));

        assertThat(app.stored(ALICE.tenant(), run.id())).hasSize(2);
        assertThat(viewer.ws().next(Duration.ofMillis(300))).isNull();

        PostgresRunEventStore working = new PostgresRunEventStore(app.transactions, pusher);
        app.transactions.inTenant(ALICE.tenant(), () -> working.append(run.id(), progress(2)));
        assertThat(ManagementApiPushIT.seqs(viewer.ws(), 2)).containsExactly(2L, 3L);
        deadDynamo.close();
        viewer.ws().close();
    }

    /**
     * Commit -> frame on loopback (dynalite, the embedded server's @connections): printed for
     * docs/websocket.md, asserted only loosely (a 2-core machine shared by several builds).
     */
    @Test
    void commitToFrameLatencyWithOneAndWithFiftySubscribers() throws Exception {
        for (int viewers : List.of(1, 50)) {
            List<Long> toldAt = new CopyOnWriteArrayList<>();
            PostgresRunEventStore store = new PostgresRunEventStore(app.transactions, (tenant, committedRun) -> {
                toldAt.add(System.nanoTime());
                pusher.committed(tenant, committedRun);
            });
            Run run = app.queuedRun(ALICE);
            List<LocalConnections.Open> clients = new ArrayList<>();
            for (int i = 0; i < viewers; i++) {
                clients.add(subscriber("latency-" + viewers + "-" + i, run.id(), 1));
            }
            int commits = viewers == 1 ? 40 : 10;
            List<Long> latencies = new ArrayList<>();
            List<Long> writerMicros = new ArrayList<>();
            for (int p = 1; p <= commits; p++) {
                int percent = p;
                long begin = System.nanoTime();
                app.transactions.inTenant(ALICE.tenant(), () -> store.append(run.id(), progress(percent)));
                writerMicros.add((System.nanoTime() - begin) / 1_000);
                long told = toldAt.getLast();
                for (LocalConnections.Open c : clients) {
                    JsonNode frame = c.ws().next();
                    assertThat(frame.get("seq").asLong()).isEqualTo(p + 1);
                    latencies.add((c.ws().arrivedAt(frame) - told) / 1_000);
                }
            }
            latencies.sort(null);
            writerMicros.sort(null);
            long p50 = latencies.get(latencies.size() / 2);
            long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
            System.out.printf("live push, %d subscriber(s), %d commits: commit->frame p50 %.1f ms, p99 %.1f ms; "
                            + "writer's transaction incl. push p50 %.1f ms%n", viewers, commits, p50 / 1000.0, p99 / 1000.0,
                    writerMicros.get(writerMicros.size() / 2) / 1000.0);
            assertThat(p99).as("commit->frame p99 (µs)").isLessThan(5_000_000);
            for (LocalConnections.Open c : clients) {
                c.ws().close();
            }
        }
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
