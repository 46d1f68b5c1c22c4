package com.aitesting.infra;

import com.aitesting.workflow.WorkflowTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.executors.ExecutorSettings;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The real-run settings the stack hands the ExecuteStep function and the API, read as the functions read them. */
class RealRunsStackTest {

    private static TemplateResources resources;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedEnvironment.template();
        resources = new TemplateResources(template);
    }

    @Test
    void executeStepRunsTheRealExecutorsByDefaultWithEveryScanSettingExplicit() {
        Map<String, Object> variables = variables(WorkflowTask.EXECUTE_STEP.handlerClass());

        assertThat(variables)
                .containsEntry("SIMULATE_PROGRESS", "false")
                .containsEntry("SCAN_RATE_CEILING", "10000")
                .containsEntry("SCAN_CONCURRENCY", "128")
                .containsEntry("SCAN_CONNECT_TIMEOUT_MS", "1000")
                .containsEntry("SCAN_IO_TIMEOUT_MS", "3000")
                .containsEntry("SCAN_CHUNK_SECONDS", "600")
                .as("the VPC's Amazon-provided resolver").containsEntry("DNS_RESOLVER", "10.0.0.2:53")
                .containsEntry("SCAN_DNS_PORT", "53")
                .as("the platform's own VPC is denied to every scope").containsEntry("SCAN_DENY_CIDRS", Network.CIDR)
                .doesNotContainKey("DKIM_SELECTORS");
        template.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", Network.CIDR));
    }

    @Test
    void probesLeaveThroughTheNatGatewaysWhoseAddressesAreAnOutput() {
        String function = resources.functionWithHandler(WorkflowTask.EXECUTE_STEP.handlerClass());
        Map<String, Object> vpcConfig = TemplateResources.map(resources.ofType("AWS::Lambda::Function").get(function).get("VpcConfig"));
        Set<String> subnets = TemplateResources.list(vpcConfig.get("SubnetIds")).stream()
                .map(s -> (String) TemplateResources.map(s).get("Ref")).collect(Collectors.toSet());
        assertThat(subnets).isNotEmpty().allMatch(s -> s.contains("functions"), "the private subnets with a NAT route");
        // Its security group lets it connect anywhere: targets are wherever the tenant's scope says.
        String group = (String) TemplateResources.list(TemplateResources.map(TemplateResources.list(vpcConfig.get("SecurityGroupIds"))
                .get(0)).get("Fn::GetAtt")).get(0);
        assertThat(String.valueOf(resources.ofType("AWS::EC2::SecurityGroup").get(group).get("SecurityGroupEgress")))
                .contains("CidrIp=0.0.0.0/0");
        Set<String> eips = resources.ofType("AWS::EC2::EIP").keySet();
        assertThat(eips).hasSize(1);
        Map<String, Object> output = TemplateResources.map(TemplateResources.map(template.toJSON().get("Outputs")).get("ScannerEgressIps"));
        assertThat(String.valueOf(output.get("Value"))).contains("Ref=" + eips.iterator().next());
    }

    @Test
    void everyVariableTheExecutorsParserReadsIsSetExceptLoopbackWhichNoFunctionGets() {
        Map<String, Object> variables = variables(WorkflowTask.EXECUTE_STEP.handlerClass());
        Set<String> read = new LinkedHashSet<>();
        ExecutorSettings.fromEnvironment(recording(Map.of(), read));

        assertThat(read).contains("SCAN_ALLOW_LOOPBACK", "DNS_RESOLVER", "SCAN_CHUNK_SECONDS");
        Set<String> expected = new LinkedHashSet<>(read);
        expected.remove("SCAN_ALLOW_LOOPBACK");
        expected.remove("DKIM_SELECTORS"); // only with -c dkimSelectors=... (below)
        assertThat(variables.keySet()).containsAll(expected);
        resources.ofType("AWS::Lambda::Function").forEach((id, function) -> assertThat(String.valueOf(function.get("Environment")))
                .as(id + ": loopback stays denied on AWS").doesNotContain("SCAN_ALLOW_LOOPBACK"));
    }

    @Test
    void theApiFollowsTheSameModeAndDenyListAsTheSteps() {
        Map<String, Object> steps = variables(WorkflowTask.EXECUTE_STEP.handlerClass());
        assertThat(variables(PublicApi.HANDLER)).containsEntry("SIMULATE_PROGRESS", steps.get("SIMULATE_PROGRESS"))
                .containsEntry("SCAN_DENY_CIDRS", steps.get("SCAN_DENY_CIDRS"));
    }

    @Test
    void aChunkPlusItsMarginFitsTheFunctionTimeoutWhichFitsTheTaskStateTimeout() {
        String function = resources.functionWithHandler(WorkflowTask.EXECUTE_STEP.handlerClass());
        int timeout = ((Number) resources.ofType("AWS::Lambda::Function").get(function).get("Timeout")).intValue();
        ExecutorSettings settings = ExecutorSettings.fromEnvironment(strings(variables(WorkflowTask.EXECUTE_STEP.handlerClass())));

        assertThat(settings.allowLoopback()).isFalse();
        assertThat(settings.ownNetwork()).extracting(Object::toString).containsExactly(Network.CIDR);
        assertThat(settings.chunkBudget().toSeconds() + RealRuns.CHUNK_MARGIN_SECONDS).isLessThanOrEqualTo(timeout);
        assertThat(executeStepTaskTimeoutSeconds()).as("the state's TimeoutSeconds").isGreaterThanOrEqualTo(timeout);
    }

    @Test
    void contextValuesReachTheFunctions() {
        Map<String, Object> context = new HashMap<>(SynthesizedEnvironment.CONTEXT);
        context.putAll(Map.of("simulateProgress", "true", "scanRateCeiling", "500", "scanConcurrency", "64",
                "scanChunkSeconds", "700", "dnsResolver", "10.20.0.2:53", "dkimSelectors", "google, selector1",
                "scanConnectTimeoutMs", "2000", "scanIoTimeoutMs", "4000", "scanDnsPort", "5353"));
        TemplateResources custom = new TemplateResources(SynthesizedEnvironment.synthesize("realruns", context));
        Map<String, Object> variables = variables(custom, WorkflowTask.EXECUTE_STEP.handlerClass());

        assertThat(variables).containsEntry("SIMULATE_PROGRESS", "true").containsEntry("SCAN_RATE_CEILING", "500")
                .containsEntry("SCAN_CONCURRENCY", "64").containsEntry("SCAN_CHUNK_SECONDS", "700")
                .containsEntry("DNS_RESOLVER", "10.20.0.2:53").containsEntry("DKIM_SELECTORS", "google,selector1")
                .containsEntry("SCAN_CONNECT_TIMEOUT_MS", "2000").containsEntry("SCAN_IO_TIMEOUT_MS", "4000")
                .containsEntry("SCAN_DNS_PORT", "5353");
        assertThat(variables(custom, PublicApi.HANDLER)).containsEntry("SIMULATE_PROGRESS", "true");
        assertThat(ExecutorSettings.fromEnvironment(strings(variables)).dkimSelectors()).containsExactly("google", "selector1");
    }

    @Test
    void settingsThatCannotWorkOnAwsStopTheSynth() {
        assertRefused(Map.of("scanChunkSeconds", "900"), "scanChunkSeconds must be 60-840");
        assertRefused(Map.of("scanRateCeiling", "0"), "scanRateCeiling must be 1-100000");
        assertRefused(Map.of("dnsResolver", "resolver.example.com:53"), "dnsResolver must be address:port");
        assertRefused(Map.of("scanConcurrency", "0"), "scanConcurrency must be 1-4096");
    }

    @Test
    void aChunkThatOneWorkItemCannotFitStopsTheSynthNotEveryRealRun() {
        // ExecuteStep refuses these settings at its start (RealStepExecutors), so every real step would fail.
        // At the default timeouts the longest item is http.methods_and_redirects' 350 s (docs/executors.md).
        assertRefused(Map.of("scanChunkSeconds", "60"), "tls.protocol_and_cipher_scan");
        assertRefused(Map.of("scanIoTimeoutMs", "60000"), "SCAN_CHUNK_SECONDS=600 is shorter than one work item");
        assertThatCode(() -> config(Map.of("scanChunkSeconds", "400"))).doesNotThrowAnyException();
    }

    private static void assertRefused(Map<String, Object> extra, String message) {
        assertThatThrownBy(() -> config(extra)).hasMessageContaining(message);
    }

    private static TenantEnvironmentConfig config(Map<String, Object> extra) {
        Map<String, Object> context = new HashMap<>(Map.of(
                "tenantId", "acme", "jwtIssuer", "https://auth.example.com/", "jwtAudience", "ai-testing-api"));
        context.putAll(extra);
        return TenantEnvironmentConfig.fromContext(context::get);
    }

    private static int executeStepTaskTimeoutSeconds() {
        Map<String, Object> stateMachine = resources.ofType("AWS::StepFunctions::StateMachine").values().iterator().next();
        String text = TemplateResources.list(TemplateResources.list(TemplateResources.map(stateMachine.get("DefinitionString"))
                        .get("Fn::Join")).get(1)).stream().filter(String.class::isInstance).map(String.class::cast)
                .collect(Collectors.joining());
        Matcher m = Pattern.compile("\"ExecuteStep\"\\s*:\\s*\\{.*?\"TimeoutSeconds\"\\s*:\\s*(\\d+)", Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("ExecuteStep has a TimeoutSeconds").isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static Map<String, Object> variables(String handler) {
        return variables(resources, handler);
    }

    private static Map<String, Object> variables(TemplateResources in, String handler) {
        return TemplateResources.map(TemplateResources.map(in.ofType("AWS::Lambda::Function")
                .get(in.functionWithHandler(handler)).get("Environment")).get("Variables"));
    }

    private static Map<String, String> strings(Map<String, Object> variables) {
        Map<String, String> env = new HashMap<>();
        variables.forEach((k, v) -> {
            if (v instanceof String s) {
                env.put(k, s);
            }
        });
        return env;
    }

    /** A map that notes every key asked for: which variables a parser reads. */
    private static Map<String, String> recording(Map<String, String> values, Set<String> read) {
        return new HashMap<>(values) {
            @Override
            public String get(Object key) {
                read.add((String) key);
                return super.get(key);
            }

            @Override
            public boolean containsKey(Object key) {
                read.add((String) key);
                return super.containsKey(key);
            }
        };
    }
}
