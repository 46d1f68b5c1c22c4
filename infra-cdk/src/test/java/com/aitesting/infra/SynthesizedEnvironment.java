package com.aitesting.infra;

import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The test environment's template, synthesized once per JVM: a synth starts jsii's Node process and
 * takes seconds, and every *StackTest only reads the result. Like `cdk synth`, it uses the repository's
 * state machine, migrations and function zips.
 */
final class SynthesizedEnvironment {

    static final Map<String, Object> CONTEXT = Map.ofEntries(
            Map.entry("environmentName", "test"),
            Map.entry("tenantId", "acme"),
            Map.entry("jwtIssuer", "https://auth.example.com/"),
            Map.entry("jwtAudience", "ai-testing-api"),
            Map.entry("allowedOrigins", "https://app.example.com"),
            Map.entry("alarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:ops-alarms"),
            Map.entry("tracing", "true"));

    private static TenantEnvironmentStack stack;
    private static Template template;

    private SynthesizedEnvironment() {
    }

    static synchronized Template template() {
        if (template == null) {
            stack = stack("full", CONTEXT);
            template = Template.fromStack(stack);
        }
        return template;
    }

    /** The stack behind {@link #template()}, for its construct annotations (warnings). */
    static synchronized TenantEnvironmentStack stack() {
        template();
        return stack;
    }

    /** The annotations (warnings, cdk-nag findings) of the stack behind {@link #template()}. */
    static synchronized software.amazon.awscdk.assertions.Annotations stackAnnotations() {
        return software.amazon.awscdk.assertions.Annotations.fromStack(stack());
    }

    /** As {@link #synthesize}, returning the stack for its annotations. */
    static TenantEnvironmentStack synthesizeStack(String name, Map<String, Object> context) {
        TenantEnvironmentStack result = stack(name, context);
        Template.fromStack(result);
        return result;
    }

    /** Where {@link #template()} was synthesized: its staged assets are what `cdk deploy` would upload. */
    static java.nio.file.Path outdir() {
        return java.nio.file.Path.of("target/synth/full");
    }

    /** Synthesizes into target/synth/{@code name}: a fixed folder, so repeated runs do not pile up copies of the zips in /tmp. */
    static Template synthesize(String name, Map<String, Object> context) {
        return Template.fromStack(stack(name, context));
    }

    private static TenantEnvironmentStack stack(String name, Map<String, Object> context) {
        return InfraApp.synthesize(new App(AppProps.builder().context(context).outdir("target/synth/" + name).build()));
    }
}
