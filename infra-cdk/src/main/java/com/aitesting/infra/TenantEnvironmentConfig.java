package com.aitesting.infra;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything that differs between two tenant environments, parsed once from CDK context.
 * Relative paths are relative to the infra-cdk folder, where both `cdk` and Maven run the app.
 */
record TenantEnvironmentConfig(
        String environmentName,
        String tenantId,
        Optional<String> account,
        Optional<String> region,
        String jwtIssuer,
        List<String> jwtAudience,
        String jwtJwksUrl,
        String tenantClaim,
        Optional<String> slackWebhookSecret,
        double auroraMinAcu,
        double auroraMaxAcu,
        boolean deletionProtection,
        int natGateways,
        int lambdaMemoryMb,
        int lwaLayerVersion,
        int logRetentionDays,
        boolean tracing,
        boolean vpcFlowLogs,
        PublicLimits limits,
        int secretRotationDays,
        List<String> allowedOrigins,
        Optional<String> alarmTopicArn,
        Optional<String> publicBaseUrl,
        RealRuns realRuns,
        Path stateMachineFile,
        Path migrationsDir,
        Path artifactsDir) {

    // Lower case because it ends up in the Aurora cluster identifier, short because it prefixes names.
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,23}");
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    TenantEnvironmentConfig {
        require(ENVIRONMENT_NAME.matcher(environmentName).matches(),
                "environmentName must be 1-24 characters of a-z, 0-9 and '-', starting with a letter");
        require(TENANT_ID.matcher(tenantId).matches(), "tenantId must be 1-64 characters of A-Z, a-z, 0-9, '_', '.', '-'");
        require(jwtIssuer.startsWith("https://") && URI.create(jwtIssuer).getHost() != null,
                "jwtIssuer must be an https URL (API Gateway fetches its JWKS)");
        require(!jwtAudience.isEmpty(), "jwtAudience needs at least one audience");
        require(jwtJwksUrl.startsWith("https://") && URI.create(jwtJwksUrl).getHost() != null,
                "jwtJwksUrl must be an https URL (the WebSocket authorizer fetches the issuer's keys there)");
        require(auroraMinAcu >= 0 && auroraMinAcu <= auroraMaxAcu && auroraMaxAcu <= 256,
                "Aurora capacity must satisfy 0 <= auroraMinAcu <= auroraMaxAcu <= 256");
        require(lambdaMemoryMb >= 512 && lambdaMemoryMb <= 10240, "lambdaMemoryMb must be 512-10240 (a JVM needs 512)");
        require(natGateways >= 1, "natGateways must be at least 1: the functions in the VPC call AWS APIs and Slack");
        require(lwaLayerVersion >= 1, "lwaLayerVersion must be a positive layer version");
        require(secretRotationDays >= 1 && secretRotationDays <= 1000,
                "secretRotationDays must be 1-1000 (the Secrets Manager schedule range)");
        require(LogRetention.isSupported(logRetentionDays),
                "logRetentionDays must be one of " + LogRetention.supportedDays());
    }

    static TenantEnvironmentConfig fromContext(Function<String, Object> lookup) {
        ContextValues context = new ContextValues(lookup);
        return new TenantEnvironmentConfig(
                context.string("environmentName", "dev"),
                context.requiredString("tenantId"),
                context.optionalString("account"),
                context.optionalString("region"),
                context.requiredString("jwtIssuer"),
                context.list("jwtAudience"),
                context.optionalString("jwtJwksUrl").orElseGet(() -> defaultJwksUrl(context.requiredString("jwtIssuer"))),
                context.string("tenantClaim", "tenant_id"),
                context.optionalString("slackWebhookSecret"),
                context.decimal("auroraMinAcu", 0.5),
                context.decimal("auroraMaxAcu", 4),
                context.bool("deletionProtection", true),
                context.integer("natGateways", 1),
                context.integer("lambdaMemoryMb", 1024),
                context.integer("lwaLayerVersion", 27),
                context.integer("logRetentionDays", 30),
                context.bool("tracing", true),
                context.bool("vpcFlowLogs", true),
                PublicLimits.fromContext(context),
                context.integer("secretRotationDays", 30),
                context.list("allowedOrigins"),
                context.optionalString("alarmTopicArn"),
                context.optionalString("publicBaseUrl"),
                RealRuns.fromContext(context),
                Path.of(context.string("stateMachineFile", "../statemachines/run.asl.json")),
                Path.of(context.string("migrationsDir", "../migrations")),
                Path.of(context.string("artifactsDir", "..")));
    }

    /** Where OIDC issuers (Cognito, Auth0, Keycloak realms...) publish their keys: {issuer}/.well-known/jwks.json. */
    private static String defaultJwksUrl(String issuer) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/.well-known/jwks.json";
    }

    /** Prefix of the physical names this environment chooses itself (cluster identifier, API name). */
    String namePrefix() {
        return "ait-" + environmentName;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
