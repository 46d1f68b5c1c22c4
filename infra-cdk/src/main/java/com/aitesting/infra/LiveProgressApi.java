package com.aitesting.infra;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * Live progress over WebSocket (docs/websocket.md): the API Gateway WebSocket API ($connect behind a
 * REQUEST authorizer, $disconnect, and routes on {@code $request.body.action}), the DynamoDB table of
 * connections and subscriptions (on demand, items expire with API Gateway's 2 h connection life; a run's
 * subscribers are the items of the run's own partition, so a push finds them with a consistent query
 * where a secondary index could lag), and the two functions. Least privilege: the routes function may manage connections of THIS
 * API's stage only and use THIS table's items only ({@link #ROUTES_TABLE_ACTIONS}); the authorizer may read only the stream-token key.
 */
final class LiveProgressApi extends Construct {
    static final String AUTHORIZER_HANDLER = "com.aitesting.api.ws.lambda.LiveAuthorizerHandler::handleRequest";
    static final String ROUTES_HANDLER = "com.aitesting.api.ws.lambda.LiveRoutesHandler::handleRequest";
    static final String TTL_ATTRIBUTE = "expires_at";
    static final List<String> ACTIONS = List.of("subscribe", "unsubscribe", "ping");
    static final String STAGE = "live";
    /**
     * What aws DynamoDbLiveConnections does for the routes (and their backlog pushes): read a connection's
     * item, write connections and subscriptions, query a connection's or a run's partition, take and give
     * back slots and move cursors, delete. No Scan, batch or transaction, no DescribeTable.
     */
    static final List<String> ROUTES_TABLE_ACTIONS = List.of(
            "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    // WebSocket context variables: one line per connect, message and disconnect, with why it failed if it did
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
            + "\"requestTime\":\"$context.requestTime\",\"connectionId\":\"$context.connectionId\","
            + "\"eventType\":\"$context.eventType\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
            + "\"integrationLatencyMs\":\"$context.integrationLatency\",\"error\":\"$context.error.message\","
            + "\"authorizerError\":\"$context.authorizer.error\"}";
    /** The environment of a function that pushes the run events it commits (aws LivePushSettings). */
    static final String LIVE_TABLE = "LIVE_TABLE";
    static final String LIVE_CALLBACK_URL = "LIVE_CALLBACK_URL";

    private final Table table;
    private final WebSocketApi api;
    private final WebSocketStage stage;
    private final Function routes;
    private final Function authorizer;

    LiveProgressApi(Construct scope, String id, TenantEnvironmentConfig config, LambdaArtifacts artifacts, Database database,
                    ISecret streamTokenKey) {
        super(scope, id);
        table = Table.Builder.create(this, "Connections")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                // connections and cursors only: nothing here outlives a 2 h connection, so nothing to keep
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        // ?token= is verified as the API verifies bearer tokens: the same issuer, audience and tenant claim
        authorizer = new JavaLambda(this, "Authorizer", config, JavaLambda.Spec.of(
                "Admits WebSocket connections that present a valid JWT or stream token",
                artifacts.apiZip(), AUTHORIZER_HANDLER, Duration.seconds(10),
                Map.of("STREAM_TOKEN_SECRET_ARN", streamTokenKey.getSecretArn(), "DEPLOYMENT_TENANT_ID", config.tenantId(),
                        "JWT_ISSUER", config.jwtIssuer(), "JWT_AUDIENCE", String.join(",", config.jwtAudience()),
                        "JWT_JWKS_URL", config.jwtJwksUrl(), "JWT_TENANT_CLAIM", config.tenantClaim()))
                // every $connect, authenticated or not, runs it: a flood is capped here, not in the account's pool
                .withReservedConcurrency(config.limits().liveAuthorizerConcurrency()))
                .function();
        SecretAccess.allowGetValue(authorizer, streamTokenKey);

        // the routes are added below, once the function that serves them knows the stage's endpoint
        api = WebSocketApi.Builder.create(this, "Api")
                .description("Live run progress (docs/websocket.md)")
                .routeSelectionExpression("$request.body.action")
                .build();
        LogGroup accessLog = LogGroup.Builder.create(this, "AccessLogs")
                .retention(LogRetention.ofDays(config.logRetentionDays()))
                .build();
        stage = WebSocketStage.Builder.create(this, "Stage").webSocketApi(api).stageName(STAGE).autoDeploy(true)
                // connects and messages: beyond these, 429 instead of invocations of the authorizer and routes
                .throttle(ThrottleSettings.builder()
                        .rateLimit(config.limits().liveRateLimit())
                        .burstLimit(config.limits().liveBurstLimit())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public LogGroupLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLog);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
                    }
                })
                .build();
        // Unlike HTTP APIs, a WebSocket stage writes its logs with the role in API Gateway's account settings
        // (one per account and region). Retained: another environment in the account may rely on it.
        Role cloudWatchRole = Role.Builder.create(this, "ApiGatewayLogsRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
                .build();
        cloudWatchRole.applyRemovalPolicy(RemovalPolicy.RETAIN);
        CfnAccount account = CfnAccount.Builder.create(this, "ApiGatewayAccount").cloudWatchRoleArn(cloudWatchRole.getRoleArn()).build();
        stage.getNode().addDependency(account);
        Nag.suppress(cloudWatchRole, "AwsSolutions-IAM4", "API Gateway's account-wide logging role: the managed policy "
                + "AmazonAPIGatewayPushToCloudWatchLogs is what API Gateway documents for it, and it serves every API of the account");

        // the routes answer through this stage's endpoint, as the writers push: never one an event names
        Map<String, String> environment = Map.of(
                LIVE_TABLE, table.getTableName(),
                LIVE_CALLBACK_URL, stage.getCallbackUrl(),
                "DATA_API_CLUSTER_ARN", database.cluster().getClusterArn(),
                "DATA_API_SECRET_ARN", database.appRoleSecret().getSecretArn(),
                "DATABASE_NAME", Database.DATABASE_NAME);
        routes = new JavaLambda(this, "Routes", config, JavaLambda.Spec.of(
                "WebSocket routes: connect, disconnect, subscribe (backlog), unsubscribe, ping",
                artifacts.apiZip(), ROUTES_HANDLER, Duration.seconds(29), environment)
                .withReservedConcurrency(config.limits().liveRoutesConcurrency())).function();
        routes.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(ROUTES_TABLE_ACTIONS)
                .resources(List.of(table.getTableArn())) // the table has no index
                .build());
        SecretAccess.allowGetValue(routes, database.appRoleSecret());
        routes.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(EventStream.DATA_API_ACTIONS)
                .resources(List.of(database.cluster().getClusterArn()))
                .build());

        WebSocketLambdaIntegration integration = new WebSocketLambdaIntegration("Routes", routes);
        // the same construct ids as the API's own connect/disconnect/default options would give them
        api.addRoute("$connect", WebSocketRouteOptions.builder()
                .integration(integration)
                // no identity source: API Gateway would refuse (401) a connect lacking ANY listed one,
                // and a client sends either ?token= or ?stream_token=; the function decides
                .authorizer(new WebSocketLambdaAuthorizer("Connect", authorizer,
                        WebSocketLambdaAuthorizerProps.builder().identitySource(List.of()).build()))
                .build());
        api.addRoute("$disconnect", WebSocketRouteOptions.builder().integration(integration).build());
        api.addRoute("$default", WebSocketRouteOptions.builder().integration(integration).build());
        for (String action : ACTIONS) {
            api.addRoute(action, WebSocketRouteOptions.builder().integration(integration).build());
        }
        // PostToConnection / GetConnection / DeleteConnection on this API's stage only
        routes.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("execute-api").resource(api.getApiId()).resourceName(STAGE + "/*/@connections/*").build())))
                .build());

        Nag.suppress(table, "AwsSolutions-DDB3", "Connections and subscriptions live at most 2 h (TTL) and are rebuilt by "
                + "reconnecting: there is nothing a point-in-time restore could bring back");
        Nag.suppress(api, "AwsSolutions-APIG4", "API Gateway authorizes a WebSocket API on $connect only (the REQUEST "
                + "authorizer there); every later route runs on that authorized connection");
        Nag.suppressMatching(routes, "AwsSolutions-IAM5", "Connection ids are not known in advance: ManageConnections on "
                + "any connection of this API's stage (@connections/*), nothing else", "/^Resource::.*/@connections/\\*$/");
    }

    /**
     * {@code writer} (built with {@link #pushEnvironment()}) appends run events and pushes them to the
     * run's subscribers after each commit (docs/websocket.md, "AWS"). It may do exactly what the push
     * does: query the table (a run's partition holds its subscribers), move a cursor
     * (conditional UpdateItem), delete an ended subscription or a gone connection's items,
     * PostToConnection on this API's stage, and DeleteConnection (a connection whose credential expired is
     * closed). No GetItem, PutItem or Scan; no GET @connections.
     */
    void allowPushFrom(Function writer) {
        writer.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:Query"))
                .resources(List.of(table.getTableArn()))
                .build());
        writer.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:UpdateItem", "dynamodb:DeleteItem"))
                .resources(List.of(table.getTableArn()))
                .build());
        writer.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("execute-api:ManageConnections"))
                .resources(Stream.of("POST", "DELETE").map(method -> Stack.of(this).formatArn(ArnComponents.builder()
                        .service("execute-api").resource(api.getApiId()).resourceName(STAGE + "/" + method + "/@connections/*").build())).toList())
                .build());
        Nag.suppressMatching(writer, "AwsSolutions-IAM5", "Connection ids are not known in advance: PostToConnection and "
                + "DeleteConnection on any connection of this API's stage (@connections/*), nothing else",
                "/^Resource::.*/(POST|DELETE)/@connections/\\*$/");
    }

    /** What a writer is told: the table and the stage's callback URL (aws LivePushSettings). */
    Map<String, String> pushEnvironment() {
        return Map.of(LIVE_TABLE, table.getTableName(), LIVE_CALLBACK_URL, stage.getCallbackUrl());
    }

    Table table() {
        return table;
    }

    Function routes() {
        return routes;
    }

    Function authorizer() {
        return authorizer;
    }

    String url() {
        return stage.getUrl();
    }
}
