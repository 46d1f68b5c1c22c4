package com.aitesting.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlCorsOptions;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.lambda.HttpMethod;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.InvokeMode;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * SSE /v2/runs/{id}/events: the API's Netty server behind the Lambda Web Adapter, on a function URL
 * that streams the response.
 *
 * <p>Function URL response streaming does not work for functions in a VPC, so this function stays out
 * of it and reads run events through the Aurora Data API (HTTPS, IAM-authorised, as the restricted
 * application role, so RLS still applies). It holds no other permission: no network path to the
 * database, no Step Functions, no owner secret.
 *
 * <p>The URL has AuthType NONE because browsers' EventSource cannot sign requests; every stream
 * instead needs a short-lived stream token for one run, HMAC-signed with the key in
 * {@link #streamTokenKey()}, which the JWT-authenticated API issues.
 */
final class EventStream extends Construct {

    static final String LWA_LAYER_ACCOUNT = "753240598075";
    static final List<String> DATA_API_ACTIONS = List.of(
            "rds-data:ExecuteStatement", "rds-data:BeginTransaction",
            "rds-data:CommitTransaction", "rds-data:RollbackTransaction");

    private final Secret streamTokenKey;
    private final Function function;
    private final FunctionUrl url;

    EventStream(Construct scope, String id, TenantEnvironmentConfig config, LambdaArtifacts artifacts, Database database) {
        super(scope, id);
        streamTokenKey = Secret.Builder.create(this, "StreamTokenKey")
                .description("HMAC key that signs and verifies run-scoped SSE stream tokens")
                .generateSecretString(SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true).build())
                .build();
        Nag.suppress(streamTokenKey, "AwsSolutions-SMG4", "an HMAC key the API and SSE functions load once per"
                + " environment: a scheduled rotation would refuse valid stream tokens until both cold-start again");
        ISecret appRoleSecret = database.appRoleSecret();

        function = new JavaLambda(this, "Sse", config, JavaLambda.Spec.of(
                        "Streams run events (SSE) through the Lambda Web Adapter",
                        artifacts.apiZip(), "run.sh", Duration.minutes(15), Map.ofEntries(
                                Map.entry("AWS_LAMBDA_EXEC_WRAPPER", "/opt/bootstrap"),
                                Map.entry("AWS_LWA_INVOKE_MODE", "response_stream"),
                                Map.entry("PORT", "8080"),
                                // Only stream tokens are accepted here; there is no API Gateway in front to check a JWT.
                                Map.entry("AUTH_MODE", "stream_token"),
                                Map.entry("STREAM_TOKEN_SECRET_ARN", streamTokenKey.getSecretArn()),
                                Map.entry("EVENT_TAIL", "data_api"),
                                Map.entry("DATA_API_CLUSTER_ARN", database.cluster().getClusterArn()),
                                Map.entry("DATA_API_SECRET_ARN", appRoleSecret.getSecretArn()),
                                Map.entry("DATABASE_NAME", Database.DATABASE_NAME),
                                Map.entry("DEPLOYMENT_TENANT_ID", config.tenantId())))
                .withLayers(List.of(webAdapterLayer(config)))
                // the URL is public (AuthType NONE) and a stream holds its execution up to 15 min: capped here
                .withReservedConcurrency(config.limits().sseConcurrency()))
                .function();

        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(DATA_API_ACTIONS)
                .resources(List.of(database.cluster().getClusterArn()))
                .build());
        SecretAccess.allowGetValue(function, appRoleSecret);
        SecretAccess.allowGetValue(function, streamTokenKey);

        FunctionUrlOptions.Builder urlOptions = FunctionUrlOptions.builder()
                .authType(FunctionUrlAuthType.NONE)
                .invokeMode(InvokeMode.RESPONSE_STREAM);
        if (!config.allowedOrigins().isEmpty()) {
            urlOptions.cors(FunctionUrlCorsOptions.builder()
                    .allowedOrigins(config.allowedOrigins())
                    .allowedMethods(List.of(HttpMethod.GET))
                    // EventSource resends the last id on reconnect; the token travels in the query string.
                    .allowedHeaders(List.of("last-event-id"))
                    .allowCredentials(false)
                    .maxAge(Duration.hours(1))
                    .build());
        }
        url = function.addFunctionUrl(urlOptions.build());
    }

    private ILayerVersion webAdapterLayer(TenantEnvironmentConfig config) {
        String arn = "arn:aws:lambda:" + Stack.of(this).getRegion() + ":" + LWA_LAYER_ACCOUNT
                + ":layer:LambdaAdapterLayerX86:" + config.lwaLayerVersion();
        return LayerVersion.fromLayerVersionArn(this, "WebAdapterLayer", arn);
    }

    ISecret streamTokenKey() {
        return streamTokenKey;
    }

    Function function() {
        return function;
    }

    String url() {
        return url.getUrl();
    }
}
