package com.aitesting.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * An environment from the required context only, plus a Slack webhook secret that already exists:
 * the optional features stay off and the imported secret is granted by name, not created.
 */
class MinimalContextStackTest {

    private static final String SLACK_SECRET_NAME = "ai-testing/acme/slack-webhook";

    private static Template template;
    private static TemplateResources resources;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedEnvironment.synthesize("minimal", Map.of(
                "tenantId", "acme",
                "jwtIssuer", "https://auth.example.com/",
                "jwtAudience", "ai-testing-api",
                "slackWebhookSecret", SLACK_SECRET_NAME));
        resources = new TemplateResources(template);
    }

    @Test
    void anImportedSlackSecretIsGrantedToTheNotifierByNameAndNotCreated() {
        String notifierRole = resources.roleOf(resources.functionWithHandler(RunNotifications.HANDLER));
        String slackGrant = resources.allowStatementsByRole().get(notifierRole).stream()
                .map(statement -> String.valueOf(statement.get("Resource")))
                .filter(resource -> resource.contains(SLACK_SECRET_NAME))
                .findFirst().orElseThrow();
        assertThat(slackGrant).contains(":secret:" + SLACK_SECRET_NAME + "-??????");
        // The only resource policies are the ones hosted rotation puts on the two database secrets.
        assertThat(resources.ofType("AWS::SecretsManager::ResourcePolicy")).hasSize(2)
                .allSatisfy((id, policy) -> assertThat(String.valueOf(policy.get("SecretId"))).contains("Database"));
        // Owner, application role and stream-token key: no Slack secret of its own.
        template.resourceCountIs("AWS::SecretsManager::Secret", 3);
    }

    @Test
    void optionalFeaturesAreOffByDefault() {
        template.hasResourceProperties("AWS::Lambda::Url", Match.objectLike(Map.of("Cors", Match.absent())));
        template.hasResourceProperties("AWS::ApiGatewayV2::Api", Match.objectLike(Map.of("CorsConfiguration", Match.absent())));
        resources.ofType("AWS::CloudWatch::Alarm").values()
                .forEach(alarm -> assertThat(alarm).doesNotContainKey("AlarmActions"));
    }

    @Test
    void tracingFlowLogsThrottlingAndRotationAreOnByDefault() {
        assertThat(resources.ofType("AWS::StepFunctions::StateMachine").values().iterator().next().get("TracingConfiguration"))
                .isEqualTo(Map.of("Enabled", true));
        resources.ofType("AWS::Lambda::Function").forEach((id, function) -> {
            if (String.valueOf(function.get("Runtime")).startsWith("java")) {
                assertThat(function).as(id).containsEntry("TracingConfig", Map.of("Mode", "Active"));
            }
        });
        template.hasResourceProperties("AWS::EC2::FlowLog", Match.objectLike(Map.of(
                "ResourceType", "VPC", "TrafficType", "ALL", "LogDestinationType", "cloud-watch-logs")));
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of(
                "DefaultRouteSettings", Match.objectLike(Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100)))));
        assertThat(resources.ofType("AWS::SecretsManager::RotationSchedule").values()).as("owner and app-role secrets")
                .hasSize(2).allSatisfy(schedule -> {
                    assertThat(TemplateResources.map(schedule.get("HostedRotationLambda")))
                            .containsEntry("RotationType", "PostgreSQLSingleUser")
                            .containsKeys("VpcSubnetIds", "VpcSecurityGroupIds");
                    assertThat(TemplateResources.map(schedule.get("RotationRules")))
                            .containsEntry("ScheduleExpression", "rate(30 days)");
                });
    }

    @Test
    void theStackIsNamedAfterTheDefaultEnvironment() {
        template.hasResourceProperties("AWS::RDS::DBCluster", Match.objectLike(Map.of("DBClusterIdentifier", "ait-dev")));
    }
}
