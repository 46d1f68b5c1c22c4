package com.aitesting.infra;

import com.aitesting.workflow.WorkflowTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The resources of one tenant environment and their key properties, on the synthesized template. */
class TenantEnvironmentStackTest {

    private static Template template;
    private static TemplateResources resources;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedEnvironment.template();
        resources = new TemplateResources(template);
    }

    @Test
    void auroraIsServerlessV2PostgreSQL16WithDataApiInIsolatedSubnets() {
        template.hasResourceProperties("AWS::RDS::DBCluster", Match.objectLike(Map.of(
                "Engine", "aurora-postgresql",
                "EngineVersion", Match.stringLikeRegexp("^16\\."),
                "ServerlessV2ScalingConfiguration", Map.of("MinCapacity", 0.5, "MaxCapacity", 4),
                "EnableHttpEndpoint", true,
                "StorageEncrypted", true,
                "DeletionProtection", true,
                "MasterUsername", Database.OWNER_USER,
                "EnableCloudwatchLogsExports", List.of("postgresql"))));
        template.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "DBInstanceClass", "db.serverless", "PubliclyAccessible", false)));
        template.resourceCountIs("AWS::EC2::NatGateway", 1);
    }

    @Test
    void ownerAndApplicationRoleHaveTheirOwnGeneratedSecretsAttachedToTheCluster() {
        template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "GenerateSecretString", Match.objectLike(Map.of(
                        "SecretStringTemplate", "{\"username\":\"" + Database.OWNER_USER + "\"}")))));
        template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "GenerateSecretString", Match.objectLike(Map.of(
                        "SecretStringTemplate", Match.stringLikeRegexp("\"username\":\"" + Database.APP_ROLE + "\""))))));
        template.resourceCountIs("AWS::SecretsManager::SecretTargetAttachment", 2);
    }

    @Test
    void migrationCustomResourceRunsTheMigrationHandlerAndChangesWithTheScripts() {
        template.hasResourceProperties(DatabaseMigration.RESOURCE_TYPE, Match.objectLike(Map.of(
                "MigrationsHash", MigrationsHash.of(Path.of("../migrations")),
                "AppRoleName", Database.APP_ROLE,
                "AppRoleSecretArn", Match.anyValue(),
                "OwnerSecretArn", Match.anyValue())));
        String migration = resources.functionWithHandler(DatabaseMigration.HANDLER);
        Map<String, Object> function = resources.ofType("AWS::Lambda::Function").get(migration);
        assertThat(function).containsEntry("Runtime", "java25").containsKey("VpcConfig");
        assertThat(TemplateResources.list(function.get("Layers"))).as("the scripts ship as a layer").hasSize(1);
        assertThat(TemplateResources.map(TemplateResources.map(function.get("Environment")).get("Variables")))
                .containsEntry("MIGRATIONS_LOCATION", DatabaseMigration.MIGRATIONS_LOCATION);
    }

    @Test
    void httpApiRequiresAJwtFromTheConfiguredIssuerAndAudienceOnEveryRoute() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Match.objectLike(Map.of(
                "AuthorizerType", "JWT",
                "IdentitySource", List.of("$request.header.Authorization"),
                "JwtConfiguration", Map.of("Issuer", "https://auth.example.com/", "Audience", List.of("ai-testing-api")))));
        // the HTTP API's routes; the WebSocket API's are LiveProgressApiStackTest's
        resources.ofType("AWS::ApiGatewayV2::Route").forEach((id, route) -> {
            if (!id.startsWith("LiveApi")) {
                assertThat(route).as(id).containsEntry("AuthorizationType", "JWT");
            }
        });
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of(
                "StageName", "$default", "AccessLogSettings", Match.objectLike(Map.of("DestinationArn", Match.anyValue())))));
    }

    @Test
    void apiFunctionUsesSnapStartAndTheIntegrationTargetsItsAlias() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", PublicApi.HANDLER,
                "Runtime", "java25",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "VpcConfig", Match.anyValue(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "AUTH_MODE", "jwt",
                        "JWT_TENANT_CLAIM", "tenant_id",
                        "DEPLOYMENT_TENANT_ID", "acme",
                        "STATE_MACHINE_ARN", Match.anyValue(),
                        "EVENT_STREAM_URL", Match.anyValue(),
                        "STREAM_TOKEN_SECRET_ARN", Match.anyValue(),
                        "DATABASE_USER", Database.APP_ROLE,
                        "DATABASE_SECRET_ARN", Match.anyValue(),
                        "DATABASE_URL", Match.anyValue()))))));
        assertThat(String.valueOf(resources.ofType("AWS::Lambda::Function")
                .get(resources.functionWithHandler(PublicApi.HANDLER)).get("Environment")))
                .as("no credentials in the URL").contains("DATABASE_URL={Fn::Join=[, [jdbc:postgresql://, {Fn::GetAtt=");
        String alias = resources.ofType("AWS::Lambda::Alias").keySet().iterator().next();
        template.hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", PublicApi.ALIAS)));
        template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Match.objectLike(Map.of(
                "IntegrationType", "AWS_PROXY", "IntegrationUri", Map.of("Ref", alias))));
    }

    @Test
    void sseFunctionRunsTheApiZipBehindTheLambdaWebAdapterOutsideTheVpc() {
        String sse = resources.functionWithHandler("run.sh");
        Map<String, Object> function = resources.ofType("AWS::Lambda::Function").get(sse);
        assertThat(function).doesNotContainKey("VpcConfig").containsEntry("Runtime", "java25");
        assertThat(String.valueOf(function.get("Layers")))
                .contains(":753240598075:layer:LambdaAdapterLayerX86:27");
        assertThat(TemplateResources.map(TemplateResources.map(function.get("Environment")).get("Variables")))
                .containsEntry("AWS_LAMBDA_EXEC_WRAPPER", "/opt/bootstrap")
                .containsEntry("AWS_LWA_INVOKE_MODE", "response_stream")
                .containsEntry("PORT", "8080")
                .containsEntry("AUTH_MODE", "stream_token")
                .containsEntry("EVENT_TAIL", "data_api")
                .containsKeys("DATA_API_CLUSTER_ARN", "DATA_API_SECRET_ARN", "STREAM_TOKEN_SECRET_ARN")
                .doesNotContainKey("DATABASE_URL");
        assertThat(codeKey(sse)).as("same zip as the API function")
                .isEqualTo(codeKey(resources.functionWithHandler(PublicApi.HANDLER)));
    }

    @Test
    void sseFunctionUrlStreamsWithoutIamAuthAndAllowsOnlyConfiguredOrigins() {
        String sse = resources.functionWithHandler("run.sh");
        template.hasResourceProperties("AWS::Lambda::Url", Map.of(
                "TargetFunctionArn", Map.of("Fn::GetAtt", List.of(sse, "Arn")),
                "AuthType", "NONE",
                "InvokeMode", "RESPONSE_STREAM",
                "Cors", Match.objectLike(Map.of(
                        "AllowOrigins", List.of("https://app.example.com"),
                        "AllowMethods", List.of("GET"),
                        "AllowCredentials", false))));
    }

    @Test
    void stateMachineDefinitionCallsTheSixDeployedTaskFunctions() {
        Map<String, Object> stateMachine = resources.ofType("AWS::StepFunctions::StateMachine").values().iterator().next();
        assertThat(stateMachine).containsEntry("StateMachineType", "STANDARD").doesNotContainKey("DefinitionSubstitutions");
        List<Object> parts = TemplateResources.list(TemplateResources.list(
                TemplateResources.map(stateMachine.get("DefinitionString")).get("Fn::Join")).get(1));
        String literalText = parts.stream().filter(String.class::isInstance).map(String.class::cast)
                .collect(Collectors.joining());
        assertThat(literalText).doesNotContain("${").contains("\"StartAt\": \"BeginRun\"");
        for (WorkflowTask task : WorkflowTask.values()) {
            String function = resources.functionWithHandler(task.handlerClass());
            assertThat(parts).as(task.substitutionKey()).contains(Map.of("Fn::GetAtt", List.of(function, "Arn")));
        }
        assertThat(stateMachine).containsEntry("TracingConfiguration", Map.of("Enabled", true));
        assertThat(TemplateResources.map(stateMachine.get("LoggingConfiguration")))
                .containsEntry("Level", "ALL").containsEntry("IncludeExecutionData", false);
    }

    @Test
    void taskFunctionsRunTheWorkflowHandlersInTheVpc() {
        for (WorkflowTask task : WorkflowTask.values()) {
            Map<String, Object> function = resources.ofType("AWS::Lambda::Function")
                    .get(resources.functionWithHandler(task.handlerClass()));
            assertThat(function).as(task.name()).containsEntry("Runtime", "java25").containsKey("VpcConfig");
        }
    }

    @Test
    void statusChangeRuleSendsOnlyThisStateMachinesEventsToTheNotifierWithRetriesAndADeadLetterQueue() {
        String stateMachine = resources.ofType("AWS::StepFunctions::StateMachine").keySet().iterator().next();
        String notifier = resources.functionWithHandler(RunNotifications.HANDLER);
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "EventPattern", Map.of(
                        "source", List.of("aws.states"),
                        "detail-type", List.of(RunNotifications.DETAIL_TYPE),
                        "detail", Map.of("stateMachineArn", List.of(Map.of("Ref", stateMachine)))),
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Fn::GetAtt", List.of(notifier, "Arn")),
                        "DeadLetterConfig", Map.of("Arn", Match.anyValue()),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 8, "MaximumEventAgeInSeconds", 21600)))))));
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of("SqsManagedSseEnabled", true)));
    }

    @Test
    void notifierFindsTheWebhookSecretAndLinksRunsToTheApi() {
        String notifier = resources.functionWithHandler(RunNotifications.HANDLER);
        String secret = resources.ofType("AWS::SecretsManager::Secret").keySet().stream()
                .filter(id -> id.startsWith("NotificationsSlackWebhook")).findFirst().orElseThrow();
        Map<String, Object> variables = TemplateResources.map(TemplateResources.map(
                resources.ofType("AWS::Lambda::Function").get(notifier).get("Environment")).get("Variables"));
        assertThat(variables).containsEntry("SLACK_WEBHOOK_SECRET_ARN", Map.of("Ref", secret))
                .containsEntry("DATABASE_USER", Database.APP_ROLE)
                .doesNotContainKey("SLACK_WEBHOOK");
        assertThat(String.valueOf(variables.get("PUBLIC_BASE_URL"))).as("the API stage URL").contains(".execute-api.");
        template.hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                "Description", Match.stringLikeRegexp("Slack"), "SecretString", RunNotifications.PLACEHOLDER_WEBHOOK));
    }

    @Test
    void synthesizesWithoutWarnings() {
        Annotations.fromStack(SynthesizedEnvironment.stack()).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void alarmsCoverFailedExecutionsEveryFunctionsErrorsApi5xxAndDeadLettersAndNotifyTheTopic() {
        Map<String, Map<String, Object>> alarms = resources.ofType("AWS::CloudWatch::Alarm");
        assertThat(alarms.values()).allSatisfy(alarm -> assertThat(alarm.get("AlarmActions"))
                .isEqualTo(List.of("arn:aws:sns:eu-west-1:123456789012:ops-alarms")));
        Map<String, Long> byMetric = alarms.values().stream()
                .collect(Collectors.groupingBy(a -> a.get("Namespace") + "/" + a.get("MetricName"), Collectors.counting()));
        // Api, EventStream, Notifier, Migration, the six tasks and the WebSocket routes and authorizer.
        assertThat(byMetric).containsEntry("AWS/Lambda/Errors", 12L)
                .containsEntry("AWS/States/ExecutionsFailed", 1L)
                .containsEntry("AWS/ApiGateway/5xx", 1L)
                .containsEntry("AWS/SQS/ApproximateNumberOfMessagesVisible", 1L);
    }

    @Test
    void everyLogGroupHasARetentionAndEveryFunctionLogsToOneOfThem() {
        Map<String, Map<String, Object>> logGroups = resources.ofType("AWS::Logs::LogGroup");
        assertThat(logGroups.values()).allSatisfy(group -> assertThat(group).containsEntry("RetentionInDays", 30));
        resources.ofType("AWS::Lambda::Function").forEach((id, function) -> {
            Object logGroup = TemplateResources.map(function.get("LoggingConfig")).get("LogGroup");
            assertThat(logGroups).as(id + " logs to a group of this stack").containsKey(
                    (String) TemplateResources.map(logGroup).get("Ref"));
        });
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/rds/cluster/ait-test/postgresql", "RetentionInDays", 30));
        template.resourceCountIs("Custom::LogRetention", 0);
    }

    private static Object codeKey(String functionId) {
        return TemplateResources.map(resources.ofType("AWS::Lambda::Function").get(functionId).get("Code")).get("S3Key");
    }
}
