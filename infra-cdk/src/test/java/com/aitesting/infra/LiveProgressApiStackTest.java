package com.aitesting.infra;

import com.aitesting.workflow.WorkflowTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The WebSocket API of live progress, its DynamoDB table and the least privilege of its functions. */
class LiveProgressApiStackTest {
    private static Template template;
    private static TemplateResources resources;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedEnvironment.template();
        resources = new TemplateResources(template);
    }

    @Test
    void theTableIsOnDemandWithATtlAndFindsARunsSubscribersByItsKeyNotAnIndex() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "TimeToLiveSpecification", Map.of("AttributeName", LiveProgressApi.TTL_ATTRIBUTE, "Enabled", true),
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"), Map.of("AttributeName", "sk", "KeyType", "RANGE"))));
        // an index cannot be read consistently: a push must see a subscription written just before it
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("GlobalSecondaryIndexes", Match.absent()));
    }

    @Test
    void theApiRoutesOnTheActionWithTheAuthorizerOnConnect() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of(
                "ProtocolType", "WEBSOCKET", "RouteSelectionExpression", "$request.body.action"));
        Map<String, Map<String, Object>> routes = new java.util.HashMap<>(resources.ofType("AWS::ApiGatewayV2::Route"));
        routes.keySet().removeIf(id -> !id.startsWith("LiveApi")); // the WebSocket API's, not the HTTP API's
        Set<String> keys = routes.values().stream().map(r -> (String) r.get("RouteKey")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(keys).containsExactlyInAnyOrder("$connect", "$disconnect", "$default", "subscribe", "unsubscribe", "ping");
        routes.values().forEach(route -> assertThat(route.get("AuthorizationType"))
                .as((String) route.get("RouteKey"))
                .isEqualTo("$connect".equals(route.get("RouteKey")) ? "CUSTOM" : "NONE"));
        Map<String, Object> authorizer = resources.ofType("AWS::ApiGatewayV2::Authorizer").values().stream()
                .filter(a -> "REQUEST".equals(a.get("AuthorizerType"))).findFirst().orElseThrow();
        assertThat((List<?>) authorizer.getOrDefault("IdentitySource", List.of()))
                .as("none: a connect brings ?token= or ?stream_token=, and a listed source missing is a 401 before the function")
                .isEmpty();
    }

    @Test
    void theAuthorizerVerifiesJwtsWithTheApisIssuerAudienceKeysAndTenantClaim() {
        Map<String, Object> variables = TemplateResources.map(TemplateResources.map(resources.ofType("AWS::Lambda::Function")
                .get(resources.functionWithHandler(LiveProgressApi.AUTHORIZER_HANDLER)).get("Environment")).get("Variables"));
        assertThat(variables).containsEntry("JWT_ISSUER", "https://auth.example.com/")
                .containsKeys("JWT_AUDIENCE", "JWT_JWKS_URL", "JWT_TENANT_CLAIM", "STREAM_TOKEN_SECRET_ARN", "DEPLOYMENT_TENANT_ID");
        assertThat(variables.get("JWT_JWKS_URL")).isEqualTo("https://auth.example.com/.well-known/jwks.json");
    }

    /** The functions that append run events: the API (run controls) and every workflow task but the checkpoint. */
    private static Map<String, String> writerRoles() {
        Map<String, String> writers = new java.util.LinkedHashMap<>();
        writers.put(PublicApi.HANDLER, resources.roleOf(resources.functionWithHandler(PublicApi.HANDLER)));
        writers.put(RunNotifications.HANDLER, resources.roleOf(resources.functionWithHandler(RunNotifications.HANDLER)));
        for (WorkflowTask task : WorkflowTask.values()) {
            if (TaskFunctions.appendsRunEvents(task)) {
                writers.put(task.handlerClass(), resources.roleOf(resources.functionWithHandler(task.handlerClass())));
            }
        }
        return writers;
    }

    @Test
    void onlyTheRoutesFunctionAndTheWritersManageConnectionsOfThisApiAndUseThisTable() {
        String routesRole = resources.roleOf(resources.functionWithHandler(LiveProgressApi.ROUTES_HANDLER));
        String authorizerRole = resources.roleOf(resources.functionWithHandler(LiveProgressApi.AUTHORIZER_HANDLER));
        Set<String> writers = new TreeSet<>(writerRoles().values());
        assertThat(writers).hasSize(7);
        String tableId = resources.ofType("AWS::DynamoDB::Table").keySet().iterator().next();
        String apiId = resources.ofType("AWS::ApiGatewayV2::Api").entrySet().stream()
                .filter(e -> "WEBSOCKET".equals(e.getValue().get("ProtocolType"))).findFirst().orElseThrow().getKey();
        Set<String> manage = new TreeSet<>();
        Set<String> onTable = new TreeSet<>();
        Map<String, Set<Object>> writerTableActions = new java.util.HashMap<>();
        resources.allowStatementsByRole().forEach((role, statements) -> statements.forEach(statement -> {
            List<Object> actions = TemplateResources.values(statement, "Action");
            String text = statement.toString();
            if (actions.stream().anyMatch(a -> String.valueOf(a).startsWith("execute-api:ManageConnections") || "execute-api:*".equals(a))) {
                manage.add(role);
                assertThat(actions).containsExactly("execute-api:ManageConnections");
                assertThat(text).as("this API's stage only").contains(apiId);
                if (writers.contains(role)) { // post, and delete a connection whose credential expired; never GET
                    assertThat(text).contains("/" + LiveProgressApi.STAGE + "/POST/@connections/*")
                            .contains("/" + LiveProgressApi.STAGE + "/DELETE/@connections/*").doesNotContain("/*/@connections/*");
                } else {
                    assertThat(text).contains("/" + LiveProgressApi.STAGE + "/*/@connections/*");
                }
            }
            if (actions.stream().anyMatch(a -> String.valueOf(a).startsWith("dynamodb:"))) {
                onTable.add(role);
                assertThat(text).as("this table only").contains(tableId).doesNotContain("\"*\"");
                if (writers.contains(role)) {
                    writerTableActions.computeIfAbsent(role, r -> new TreeSet<>()).addAll(actions);
                    List<Object> targets = TemplateResources.values(statement, "Resource");
                    if (actions.contains("dynamodb:Query")) {
                        assertThat(actions).containsExactly("dynamodb:Query");
                        assertThat(targets).as("the table itself, no index").hasSize(1);
                        assertThat(text).doesNotContain("/index/");
                    } else {
                        assertThat(targets).as("items of the table itself").hasSize(1);
                    }
                }
            }
        }));
        Set<String> expected = new TreeSet<>(writers);
        expected.add(routesRole);
        assertThat(manage).isEqualTo(expected);
        assertThat(onTable).isEqualTo(expected);
        assertThat(routesRole).isNotEqualTo(authorizerRole);
        assertThat(manage).doesNotContain(authorizerRole);
        writers.forEach(role -> assertThat(writerTableActions.get(role)).as(role)
                .containsExactlyInAnyOrder("dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:DeleteItem"));
    }

    /** The routes function may do to the table exactly what DynamoDbLiveConnections does, on the table itself. */
    @Test
    void theRoutesFunctionHasOnlyTheTableActionsItsCodeUses() {
        String routesRole = resources.roleOf(resources.functionWithHandler(LiveProgressApi.ROUTES_HANDLER));
        String tableId = resources.ofType("AWS::DynamoDB::Table").keySet().iterator().next();
        Set<Object> actions = new TreeSet<>();
        resources.allowStatementsByRole().getOrDefault(routesRole, List.of()).forEach(statement -> {
            List<Object> statementActions = TemplateResources.values(statement, "Action");
            if (statementActions.stream().anyMatch(a -> String.valueOf(a).startsWith("dynamodb:"))) {
                actions.addAll(statementActions);
                assertThat(TemplateResources.values(statement, "Resource")).as("the table itself, no index")
                        .containsExactly(Map.of("Fn::GetAtt", List.of(tableId, "Arn")));
            }
        });
        assertThat(actions).containsExactlyInAnyOrder(
                "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    }

    @Test
    void theWritersAndTheRoutesAreToldTheTableAndTheStagesCallbackUrl() {
        Map<String, Map<String, Object>> functions = resources.ofType("AWS::Lambda::Function");
        String tableId = resources.ofType("AWS::DynamoDB::Table").keySet().iterator().next();
        Set<String> handlers = new TreeSet<>(writerRoles().keySet());
        handlers.add(LiveProgressApi.ROUTES_HANDLER); // answers on the configured stage, not one the event names
        handlers.forEach(handler -> {
            Map<String, Object> variables = TemplateResources.map(TemplateResources.map(
                    functions.get(resources.functionWithHandler(handler)).get("Environment")).get("Variables"));
            assertThat(variables.get(LiveProgressApi.LIVE_TABLE)).as(handler).isEqualTo(Map.of("Ref", tableId));
            String url = String.valueOf(variables.get(LiveProgressApi.LIVE_CALLBACK_URL));
            assertThat(url).as(handler).startsWith("{Fn::Join=[, [https://").contains("/" + LiveProgressApi.STAGE);
        });
        Map<String, Object> checkpoint = TemplateResources.map(TemplateResources.map(functions.get(resources.functionWithHandler(
                WorkflowTask.CHECKPOINT.handlerClass())).get("Environment")).get("Variables"));
        assertThat(checkpoint).as("the checkpoint writes no events").doesNotContainKey(LiveProgressApi.LIVE_TABLE);
    }

    @Test
    void theApiOffersBrowsersTheStagesWebSocketUrlAndNoOtherFunctionIsToldIt() {
        Map<String, Map<String, Object>> functions = resources.ofType("AWS::Lambda::Function");
        functions.forEach((id, function) -> {
            Map<String, Object> variables = TemplateResources.map(TemplateResources.map(function.get("Environment")).get("Variables"));
            if (id.equals(resources.functionWithHandler(PublicApi.HANDLER))) {
                assertThat(String.valueOf(variables.get("LIVE_WEBSOCKET_URL"))).startsWith("{Fn::Join=[, [wss://")
                        .endsWith("/" + LiveProgressApi.STAGE + "]]}");
            } else {
                assertThat(variables == null ? Map.of() : variables).as(id).doesNotContainKey("LIVE_WEBSOCKET_URL");
            }
        });
    }

    /**
     * $connect attempts (authenticated or not), WebSocket messages and public stream requests must not take
     * the account's shared Lambda concurrency from the runs: the stage is throttled and the three functions
     * that face the internet reserve (and so are capped at) their own; every other function keeps the pool.
     */
    @Test
    void theWebSocketStageIsThrottledAndThePublicFunctionsHaveReservedConcurrency() {
        PublicLimits limits = TenantEnvironmentConfig.fromContext(SynthesizedEnvironment.CONTEXT::get).limits();
        Map<String, Object> stage = resources.ofType("AWS::ApiGatewayV2::Stage").values().stream()
                .filter(st -> LiveProgressApi.STAGE.equals(st.get("StageName"))).findFirst().orElseThrow();
        Map<String, Object> routeSettings = TemplateResources.map(stage.get("DefaultRouteSettings"));
        assertThat(((Number) routeSettings.get("ThrottlingRateLimit")).doubleValue()).isEqualTo(limits.liveRateLimit());
        assertThat(((Number) routeSettings.get("ThrottlingBurstLimit")).intValue()).isEqualTo(limits.liveBurstLimit());

        Map<String, Integer> reserved = Map.of(
                resources.functionWithHandler(LiveProgressApi.AUTHORIZER_HANDLER), limits.liveAuthorizerConcurrency(),
                resources.functionWithHandler(LiveProgressApi.ROUTES_HANDLER), limits.liveRoutesConcurrency(),
                resources.functionWithHandler("run.sh"), limits.sseConcurrency());
        resources.ofType("AWS::Lambda::Function").forEach((id, function) -> {
            Object value = function.get("ReservedConcurrentExecutions");
            if (reserved.containsKey(id)) {
                assertThat(value).as(id).isEqualTo(reserved.get(id));
            } else {
                assertThat(value).as(id + ": the shared pool").isNull();
            }
        });
        Map<String, Object> sseUrl = resources.ofType("AWS::Lambda::Url").values().iterator().next();
        assertThat(sseUrl).containsEntry("AuthType", "NONE");
        assertThat(String.valueOf(sseUrl.get("TargetFunctionArn"))).contains(resources.functionWithHandler("run.sh"));
    }

    @Test
    void theStageWritesAnAccessLogToAGroupWithRetentionAndNoLongerSuppressesApig1() {
        Map<String, Object> stage = resources.ofType("AWS::ApiGatewayV2::Stage").values().stream()
                .filter(st -> LiveProgressApi.STAGE.equals(st.get("StageName"))).findFirst().orElseThrow();
        Map<String, Object> settings = TemplateResources.map(stage.get("AccessLogSettings"));
        assertThat(settings.get("Format")).isEqualTo(LiveProgressApi.ACCESS_LOG_FORMAT);
        String logGroup = (String) TemplateResources.list(TemplateResources.map(settings.get("DestinationArn")).get("Fn::GetAtt")).get(0);
        assertThat(resources.ofType("AWS::Logs::LogGroup").get(logGroup)).as("a log group of this stack")
                .containsEntry("RetentionInDays", 30);
        assertThat(logGroup).startsWith("Live");

        Map<String, Map<String, Object>> accounts = resources.ofType("AWS::ApiGateway::Account");
        assertThat(accounts).as("API Gateway's logging role for WebSocket stages").hasSize(1);
        String role = (String) TemplateResources.list(TemplateResources.map(accounts.values().iterator().next()
                .get("CloudWatchRoleArn")).get("Fn::GetAtt")).get(0);
        assertThat(String.valueOf(resources.ofType("AWS::IAM::Role").get(role).get("AssumeRolePolicyDocument")))
                .contains("apigateway.amazonaws.com");

        assertThat(template.toJSON().toString()).as("the stage's APIG1 suppression is gone").doesNotContain("Not yet closed: the WebSocket stage");
    }
}
