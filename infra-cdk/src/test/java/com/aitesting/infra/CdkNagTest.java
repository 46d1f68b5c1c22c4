package com.aitesting.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions pack runs on every synth (InfraApp adds it): no finding may be left
 * unsuppressed, in the full test environment or with the optional features off.
 */
class CdkNagTest {

    @Test
    void theFullEnvironmentHasNoUnsuppressedAwsSolutionsFinding() {
        assertThat(findings(SynthesizedEnvironment.stackAnnotations())).isEmpty();
    }

    @Test
    void anEnvironmentWithoutTracingAndFlowLogsHasNoUnsuppressedFindingEither() {
        TenantEnvironmentStack stack = SynthesizedEnvironment.synthesizeStack("features-off", Map.of(
                "tenantId", "acme",
                "jwtIssuer", "https://auth.example.com/",
                "jwtAudience", "ai-testing-api",
                "tracing", "false",
                "vpcFlowLogs", "false"));
        assertThat(findings(Annotations.fromStack(stack))).isEmpty();
    }

    @Test
    void theChecksRunAndSuppressionsCarryAReason() {
        String template = SynthesizedEnvironment.template().toJSON().toString();
        assertThat(template).as("suppressions are recorded in the template's metadata").contains("rules_to_suppress");
        assertThat(template).doesNotContain("reason=,").doesNotContain("reason=}");
    }

    private static List<String> findings(Annotations annotations) {
        List<SynthesisMessage> errors = annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        List<SynthesisMessage> warnings = annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        return java.util.stream.Stream.concat(errors.stream(), warnings.stream())
                .map(m -> m.getId() + " " + String.valueOf(m.getEntry().getData()).lines().findFirst().orElse(""))
                .toList();
    }
}
