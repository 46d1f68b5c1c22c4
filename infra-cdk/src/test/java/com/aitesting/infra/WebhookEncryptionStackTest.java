package com.aitesting.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The webhook URLs' envelope-encryption key: rotated, and usable only by the functions that store or send webhooks. */
class WebhookEncryptionStackTest {

    private static Template template;
    private static TemplateResources resources;
    private static String key;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedEnvironment.template();
        resources = new TemplateResources(template);
        Map<String, Map<String, Object>> keys = resources.ofType("AWS::KMS::Key");
        assertThat(keys).hasSize(1);
        key = keys.keySet().iterator().next();
    }

    @Test
    void theKeyRotatesAndOutlivesTheStack() {
        assertThat(resources.ofType("AWS::KMS::Key").get(key)).containsEntry("EnableKeyRotation", true);
        // Deleting it would make every stored webhook URL unreadable.
        assertThat(TemplateResources.map(TemplateResources.map(template.toJSON().get("Resources")).get(key)))
                .containsEntry("DeletionPolicy", "Retain");
    }

    @Test
    void onlyTheApiAndTheNotifierMayGenerateAndDecryptDataKeys() {
        Set<String> rolesWithKey = new TreeSet<>();
        resources.allowStatementsByRole().forEach((role, statements) -> statements.forEach(statement -> {
            boolean onKey = TemplateResources.values(statement, "Resource").contains(Map.of("Fn::GetAtt", List.of(key, "Arn")));
            if (onKey) {
                assertThat(TemplateResources.values(statement, "Action")).as(role)
                        .containsExactlyInAnyOrder("kms:GenerateDataKey", "kms:Decrypt");
                rolesWithKey.add(role);
            }
        }));
        assertThat(rolesWithKey).containsExactlyInAnyOrder(
                resources.roleOf(resources.functionWithHandler(PublicApi.HANDLER)),
                resources.roleOf(resources.functionWithHandler(RunNotifications.HANDLER)));
    }

    @Test
    void theApiAndTheNotifierAreToldTheKeyArnAndNoOtherFunctionIs() {
        Set<String> told = new TreeSet<>();
        resources.ofType("AWS::Lambda::Function").forEach((id, function) -> {
            Object environment = function.get("Environment");
            Object value = environment == null ? null
                    : TemplateResources.map(TemplateResources.map(environment).get("Variables")).get(WebhookEncryption.ENV_KEY_ARN);
            if (value != null) {
                assertThat(value).as(id).isEqualTo(Map.of("Fn::GetAtt", List.of(key, "Arn")));
                told.add(id);
            }
        });
        assertThat(told).containsExactlyInAnyOrder(
                resources.functionWithHandler(PublicApi.HANDLER), resources.functionWithHandler(RunNotifications.HANDLER));
    }
}
