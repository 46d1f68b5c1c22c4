package com.aitesting.aws.live;

import com.aitesting.core.error.StoreUnavailableException;
import com.aitesting.core.live.ConnectionId;
import com.aitesting.core.live.LiveSubscriber;
import com.aitesting.core.port.LiveConnections;
import com.aitesting.core.port.LiveConnections.Subscribed;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * {@link LiveConnections} on one DynamoDB table (infra-cdk LiveProgressApi), keyed so that every read a
 * push depends on is a strongly consistent query of the table itself (a global secondary index cannot be
 * read consistently, and a subscription it had not caught up with would miss the commit that raced it):
 * <ul>
 *   <li>{@code pk = conn#<id>, sk = meta}: the connection (tenant, stream-token run, and
 *       {@value #CREDENTIAL_EXPIRES_AT}, when the credential it was opened with expires) and
 *       {@value #SUBSCRIPTIONS}, how many runs it follows;</li>
 *   <li>{@code pk = conn#<id>, sk = run#<run id>}: its membership in a run, to remove the connection's
 *       subscriptions;</li>
 *   <li>{@code pk = run#<run id>, sk = conn#<id>}: the subscriber (tenant, cursor): a run's partition is
 *       its subscribers.</li>
 * </ul>
 * A subscribe first takes a slot: one conditional {@code ADD} on the connection's item, so the bound holds
 * however many subscribes race (a count of the memberships, then a write, would let them all pass). Each
 * membership then holds exactly one slot: written after its slot (its condition refuses a second subscribe,
 * which gives the slot back), and the one delete that returns it gives the slot back. A subscription is
 * two items, written membership first and deleted subscriber first, so a subscriber item always has its
 * membership and {@link #remove} finds it. A failure between two steps can only leave a slot taken (the
 * connection reaches its bound early), never one more subscription than the bound.
 * Every item carries {@value #TTL} (epoch seconds), the table's TTL attribute, set to the connection's end
 * of life (the earlier of API Gateway's 2 h and its credential's expiry; a subscription's copied from its
 * connection's item): an item a failed Lambda left behind expires with it. DynamoDB deletes expired items
 * lazily (hours later), so reads return them with that end of life, and the caller closes the connection
 * rather than serve it.
 */
public final class DynamoDbLiveConnections implements LiveConnections {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String RUN_ID = "run_id";
    public static final String CONNECTION_ID = "connection_id";
    public static final String TTL = "expires_at";
    /** On the connection's item: when the credential it was opened with expires (epoch seconds); absent: never. */
    public static final String CREDENTIAL_EXPIRES_AT = "credential_expires_at";
    /** On the connection's item: the runs it follows, counted. */
    public static final String SUBSCRIPTIONS = "subscriptions";
    private static final String META = "meta";
    private static final String RUN_PREFIX = "run#";
    private static final String CONNECTION_PREFIX = "conn#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbLiveConnections(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void connect(ConnectionId connection, TenantId tenant, Optional<RunId> onlyRun, Instant expiresAt,
                        Optional<Instant> credentialExpiresAt) {
        run(() -> {
            Map<String, AttributeValue> item = key(connection, META);
            item.put(CONNECTION_ID, s(connection.value()));
            item.put("tenant", s(tenant.value()));
            onlyRun.ifPresent(run -> item.put("only_run", s(run.toString())));
            credentialExpiresAt.ifPresent(at -> item.put(CREDENTIAL_EXPIRES_AT, n(at.getEpochSecond())));
            item.put(TTL, n(expiresAt.getEpochSecond()));
            dynamo.putItem(b -> b.tableName(table).item(item));
        });
    }

    @Override
    public Optional<LiveSubscriber.Access> access(ConnectionId connection) {
        return available(() -> {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(connection, META)).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                return Optional.empty();
            }
            Optional<RunId> onlyRun = Optional.ofNullable(item.get("only_run")).map(v -> new RunId(UUID.fromString(v.s())));
            return Optional.of(new LiveSubscriber.Access(new TenantId(item.get("tenant").s()), onlyRun, expiresAt(item)));
        });
    }

    /** The connection's memberships, counted by a query: what {@value #SUBSCRIPTIONS} must agree with (for checks). */
    public int subscriptionCount(ConnectionId connection) {
        return available(() -> {
            int count = 0;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamo.query(b -> b.tableName(table).select(Select.COUNT).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :run)")
                        .expressionAttributeValues(Map.of(":pk", s(pk(connection)), ":run", s(RUN_PREFIX)))
                        .exclusiveStartKey(from));
                count += page.count();
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            return count;
        });
    }

    @Override
    public Subscribed subscribe(ConnectionId connection, TenantId tenant, RunId run, long cursor, Instant expiresAt, int limit) {
        return available(() -> {
            Map<String, AttributeValue> membershipKey = key(connection, RUN_PREFIX + run);
            try {
                dynamo.updateItem(b -> b.tableName(table).key(key(connection, META))
                        .updateExpression("ADD #n :one")
                        // attribute_exists: never create a connection's item that $connect did not write
                        .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(#n) OR #n < :limit)")
                        .expressionAttributeNames(Map.of("#n", SUBSCRIPTIONS))
                        .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit))));
            } catch (ConditionalCheckFailedException full) {
                // a subscribe to a run already followed is that, whatever the count (as on the embedded server)
                boolean followed = !dynamo.getItem(b -> b.tableName(table).key(membershipKey).consistentRead(true)).item().isEmpty();
                return followed ? Subscribed.ALREADY : Subscribed.FULL;
            }
            Map<String, AttributeValue> membership = new HashMap<>(membershipKey);
            membership.put(RUN_ID, s(run.toString()));
            membership.put("tenant", s(tenant.value()));
            membership.put(TTL, n(expiresAt.getEpochSecond()));
            try {
                dynamo.putItem(b -> b.tableName(table).item(membership).conditionExpression("attribute_not_exists(pk)"));
            } catch (ConditionalCheckFailedException already) {
                releaseSlot(connection);
                return Subscribed.ALREADY;
            } catch (RuntimeException failed) {
                releaseSlot(connection); // unknown whether it was written: at worst a slot stays taken
                throw failed;
            }
            Map<String, AttributeValue> subscriber = subscriberKey(connection, run);
            subscriber.put(CONNECTION_ID, s(connection.value()));
            subscriber.put("tenant", s(tenant.value()));
            subscriber.put("cursor", n(cursor));
            subscriber.put(TTL, n(expiresAt.getEpochSecond()));
            try {
                dynamo.putItem(b -> b.tableName(table).item(subscriber));
            } catch (RuntimeException failed) { // not subscribed: free the slot, so subscribing again can work
                leave(connection, run);
                throw failed;
            }
            // an unsubscribe of this run that raced past the membership before the subscriber item was written
            // would leave that item behind, followed yet counted nowhere: it is the unsubscribe's to delete
            if (dynamo.getItem(b -> b.tableName(table).key(membershipKey).consistentRead(true)).item().isEmpty()) {
                dynamo.deleteItem(b -> b.tableName(table).key(subscriberKey(connection, run)));
            }
            return Subscribed.YES;
        });
    }

    @Override
    public void unsubscribe(ConnectionId connection, RunId run) {
        run(() -> {
            dynamo.deleteItem(b -> b.tableName(table).key(subscriberKey(connection, run)));
            if (leave(connection, run)) {
                // a subscribe racing this one may have written its subscriber item meanwhile (it checks the
                // membership afterwards, this covers the other order)
                dynamo.deleteItem(b -> b.tableName(table).key(subscriberKey(connection, run)));
            }
        });
    }

    /** Deletes the membership and, if this call deleted it, gives its slot back; true then. */
    private boolean leave(ConnectionId connection, RunId run) {
        Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table).key(key(connection, RUN_PREFIX + run))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        if (old == null || old.isEmpty()) {
            return false; // not followed, or another call gave it back
        }
        releaseSlot(connection);
        return true;
    }

    private void releaseSlot(ConnectionId connection) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(connection, META))
                    .updateExpression("ADD #n :minus")
                    .conditionExpression("attribute_exists(pk) AND #n > :zero")
                    .expressionAttributeNames(Map.of("#n", SUBSCRIPTIONS))
                    .expressionAttributeValues(Map.of(":minus", n(-1), ":zero", n(0))));
        } catch (ConditionalCheckFailedException gone) {
            // the connection was removed: its count went with it
        }
    }

    @Override
    public List<LiveSubscriber> subscribers(RunId run) {
        return available(() -> {
            List<LiveSubscriber> result = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                // consistent: a subscription written before this query is in it (see the class comment)
                QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :run")
                        .expressionAttributeValues(Map.of(":run", s(RUN_PREFIX + run)));
                if (start != null) {
                    request.exclusiveStartKey(start);
                }
                QueryResponse page = dynamo.query(request.build());
                for (Map<String, AttributeValue> item : page.items()) {
                    result.add(new LiveSubscriber(new ConnectionId(item.get(CONNECTION_ID).s()), new TenantId(item.get("tenant").s()),
                            run, Long.parseLong(item.get("cursor").n()), expiresAt(item)));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            return result;
        });
    }

    @Override
    public boolean advance(ConnectionId connection, RunId run, long from, long to) {
        return available(() -> {
            try {
                dynamo.updateItem(b -> b.tableName(table).key(subscriberKey(connection, run))
                        .updateExpression("SET #c = :to")
                        .conditionExpression("#c = :from")
                        .expressionAttributeNames(Map.of("#c", "cursor"))
                        .expressionAttributeValues(Map.of(":from", n(from), ":to", n(to))));
                return true;
            } catch (ConditionalCheckFailedException moved) { // another pusher, or the subscription is gone
                return false;
            }
        });
    }

    @Override
    public void remove(ConnectionId connection) {
        run(() -> {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamo.query(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(pk(connection))))
                        .projectionExpression("pk, sk")
                        .exclusiveStartKey(from));
                for (Map<String, AttributeValue> item : page.items()) {
                    String sk = item.get(SK).s();
                    if (sk.startsWith(RUN_PREFIX)) { // a membership: its subscriber item first
                        RunId run = new RunId(UUID.fromString(sk.substring(RUN_PREFIX.length())));
                        dynamo.deleteItem(b -> b.tableName(table).key(subscriberKey(connection, run)));
                    }
                    dynamo.deleteItem(b -> b.tableName(table).key(Map.of(PK, item.get(PK), SK, item.get(SK))));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        });
    }

    /**
     * DynamoDB unreachable, throttling (after the SDK's retries) or failing on its side is core's
     * StoreUnavailableException, as a transient failure of the database is: a route answers it 503 and the
     * client tries again. Named by the error code only (an SDK message may quote a key). Anything else (a
     * missing table, a denied permission) is a fault of the deployment and propagates unchanged.
     */
    private static <T> T available(Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                throw new StoreUnavailableException("DynamoDB " + (code == null ? "HTTP " + e.statusCode() : code), e);
            }
            throw e;
        } catch (SdkClientException e) {
            throw new StoreUnavailableException("DynamoDB unreachable", e);
        }
    }

    private static void run(Runnable call) {
        available(() -> {
            call.run();
            return null;
        });
    }

    /** The item's end of life; every item is written with one (one without would count as ended). */
    private static Instant expiresAt(Map<String, AttributeValue> item) {
        AttributeValue ttl = item.get(TTL);
        return ttl == null ? Instant.EPOCH : Instant.ofEpochSecond(Long.parseLong(ttl.n()));
    }

    private static String pk(ConnectionId connection) {
        return CONNECTION_PREFIX + connection.value();
    }

    /** The subscriber item of {@code connection} in {@code run}'s partition. */
    private static Map<String, AttributeValue> subscriberKey(ConnectionId connection, RunId run) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(PK, s(RUN_PREFIX + run));
        key.put(SK, s(pk(connection)));
        return key;
    }

    private static Map<String, AttributeValue> key(ConnectionId connection, String sk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(PK, s(pk(connection)));
        key.put(SK, s(sk));
        return key;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
