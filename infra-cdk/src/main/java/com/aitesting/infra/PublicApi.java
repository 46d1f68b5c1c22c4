package com.aitesting.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * The REST API: API Gateway HTTP API with a JWT authorizer in front of the API function. The function
 * uses SnapStart (the Micronaut app takes seconds to start), which applies to published versions only,
 * so the integration targets an alias of the current version, never $LATEST.
 */
final class PublicApi extends Construct {

    static final String HANDLER = "com.aitesting.api.lambda.ApiHandler";
    static final String ALIAS = "live";
    // Only variables that HTTP APIs define; the REST-API "standard fields" include some they reject.
    private static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\","
            + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
            + "\"responseLength\":\"$context.responseLength\",\"latencyMs\":\"$context.responseLatency\","
            + "\"authorizerError\":\"$context.authorizer.error\","
            + "\"integrationError\":\"$context.integrationErrorMessage\"}";

    private final Function function;
    private final HttpApi httpApi;
    private final HttpStage stage;

    PublicApi(Construct scope, String id, TenantEnvironmentConfig config, LambdaArtifacts artifacts, IVpc vpc,
              Database database, Map<String, String> databaseEnvironment, StateMachine stateMachine,
              EventStream eventStream) {
        super(scope, id);
        Map<String, String> environment = new LinkedHashMap<>(databaseEnvironment);
        // jwt mode trusts only the authorizer's verified claims; the dev headers are refused.
        environment.put("AUTH_MODE", "jwt");
        environment.put("JWT_TENANT_CLAIM", config.tenantClaim());
        environment.put("STATE_MACHINE_ARN", stateMachine.getStateMachineArn());
        environment.put("STREAM_TOKEN_SECRET_ARN", eventStream.streamTokenKey().getSecretArn());
        environment.put("EVENT_STREAM_URL", eventStream.url());
        // The API's real-mode rules (authorization, executable tests) follow the steps' mode.
        environment.putAll(config.realRuns().apiEnvironment());
        function = new JavaLambda(this, "Api", config, JavaLambda.Spec.of(
                        "REST API /v1 and /v2 behind API Gateway", artifacts.apiZip(), HANDLER,
                        Duration.seconds(29), environment)
                .inVpc(vpc)
                .withSnapStart())
                .function();
        // The warning is for functions invoked unpublished; this one is only invoked through the alias below.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "invoked only through the alias of its current version");
        database.allowConnectionsFrom(function);
        SecretAccess.allowGetValue(function, database.appRoleSecret());
        SecretAccess.allowGetValue(function, eventStream.streamTokenKey());
        allowRunControl(function, stateMachine);

        Alias live = Alias.Builder.create(this, "LiveAlias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
        HttpJwtAuthorizer authorizer = new HttpJwtAuthorizer("JwtAuthorizer", config.jwtIssuer(),
                HttpJwtAuthorizerProps.builder()
                        .jwtAudience(config.jwtAudience())
                        .identitySource(List.of("$request.header.Authorization"))
                        .build());
        HttpApi.Builder api = HttpApi.Builder.create(this, "HttpApi")
                .apiName(config.namePrefix() + "-api")
                .defaultAuthorizer(authorizer)
                .defaultIntegration(new HttpLambdaIntegration("ApiIntegration", live))
                // The stage below is created explicitly because the default one cannot take access-log settings.
                .createDefaultStage(false);
        if (!config.allowedOrigins().isEmpty()) {
            api.corsPreflight(CorsPreflightOptions.builder()
                    .allowOrigins(config.allowedOrigins())
                    .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT,
                            CorsHttpMethod.PATCH, CorsHttpMethod.DELETE))
                    .allowHeaders(List.of("authorization", "content-type"))
                    .exposeHeaders(List.of("location"))
                    .maxAge(Duration.hours(1))
                    .build());
        }
        httpApi = api.build();
        stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(httpApi)
                .stageName("$default")
                .autoDeploy(true)
                .accessLogSettings(accessLogs(config))
                // One tenant's environment: a runaway script should meet 429s, not scale the database.
                .throttle(ThrottleSettings.builder()
                        .rateLimit(config.limits().apiRateLimit())
                        .burstLimit(config.limits().apiBurstLimit())
                        .build())
                .build();
    }

    /**
     * Start runs of this state machine; stop and describe its executions; answer the task token a
     * paused run parks on (resume) or fail it (abort).
     */
    private static void allowRunControl(Function function, StateMachine stateMachine) {
        stateMachine.grantStartExecution(function);
        stateMachine.grantExecution(function, "states:StopExecution", "states:DescribeExecution");
        Nag.suppressMatching(function, "AwsSolutions-IAM5", "executions of this one state machine: their names are"
                + " chosen when a run starts", "/^Resource::arn:<AWS::Partition>:states:.*:execution:.*:\\*$/");
        // The Service Authorization Reference lists no resource type for SendTaskSuccess/SendTaskFailure,
        // which reads as "Resource: *". For tokens of a state machine's own tasks, IAM nevertheless
        // authorises these calls against that state machine's ARN (AccessDenied messages name it, and
        // CDK's grantTaskResponse scopes to it), so the narrowest statement that works is the state
        // machine ARN. Heartbeats are not used: the parked task has no HeartbeatSeconds.
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:SendTaskSuccess", "states:SendTaskFailure"))
                .resources(List.of(stateMachine.getStateMachineArn()))
                .build());
    }

    private IAccessLogSettings accessLogs(TenantEnvironmentConfig config) {
        LogGroup accessLog = LogGroup.Builder.create(this, "AccessLogs")
                .retention(LogRetention.ofDays(config.logRetentionDays()))
                .build();
        return new IAccessLogSettings() {
            @Override
            public LogGroupLogDestination getDestination() {
                return new LogGroupLogDestination(accessLog);
            }

            @Override
            public AccessLogFormat getFormat() {
                return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
            }
        };
    }

    Function function() {
        return function;
    }

    HttpStage stage() {
        return stage;
    }

    HttpApi httpApi() {
        return httpApi;
    }
}
