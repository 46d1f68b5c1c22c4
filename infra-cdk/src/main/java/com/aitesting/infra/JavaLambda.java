package com.aitesting.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * A java21 function from one of the project's deployment zips, with its own log group. The log group
 * is created here, with a retention, instead of letting Lambda create one that keeps logs forever
 * (and instead of CDK's logRetention, which adds a Lambda allowed to change the retention of any log group).
 */
final class JavaLambda extends Construct {

    /**
     * The newest Java runtime aws-cdk-lib lists, with SnapStart. The code is compiled for Java 21
     * (--release 21), which the Java 25 runtime runs unchanged; the tests run on a JDK 25.
     */
    static final Runtime RUNTIME = Runtime.JAVA_25;
    static final List<String> MANAGED_EXECUTION_POLICIES = List.of(
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");

    /**
     * What differs between the project's functions. {@code vpc} null means outside the VPC;
     * {@code reservedConcurrency} null means the account's shared pool (no reservation).
     */
    record Spec(String description, Path zip, String handler, Duration timeout, Map<String, String> environment,
                IVpc vpc, List<ILayerVersion> layers, boolean snapStart, Integer reservedConcurrency) {

        static Spec of(String description, Path zip, String handler, Duration timeout, Map<String, String> environment) {
            return new Spec(description, zip, handler, timeout, environment, null, List.of(), false, null);
        }

        Spec inVpc(IVpc privateNetwork) {
            return new Spec(description, zip, handler, timeout, environment, privateNetwork, layers, snapStart, reservedConcurrency);
        }

        Spec withLayers(List<ILayerVersion> extraLayers) {
            return new Spec(description, zip, handler, timeout, environment, vpc, extraLayers, snapStart, reservedConcurrency);
        }

        Spec withSnapStart() {
            return new Spec(description, zip, handler, timeout, environment, vpc, layers, true, reservedConcurrency);
        }

        /** At most {@code executions} at once, and never fewer available (PublicLimits). */
        Spec withReservedConcurrency(int executions) {
            return new Spec(description, zip, handler, timeout, environment, vpc, layers, snapStart, executions);
        }
    }

    private final Function function;

    JavaLambda(Construct scope, String id, TenantEnvironmentConfig config, Spec spec) {
        super(scope, id);
        LogGroup logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(LogRetention.ofDays(config.logRetentionDays()))
                .build();
        Function.Builder builder = Function.Builder.create(this, "Function")
                .description(spec.description())
                .runtime(RUNTIME)
                .code(Code.fromAsset(spec.zip().toString()))
                .handler(spec.handler())
                .memorySize(config.lambdaMemoryMb())
                .timeout(spec.timeout())
                // Sorted: the template (and so the SnapStart version's hash) must not depend on a Map's iteration order.
                .environment(new TreeMap<>(spec.environment()))
                .layers(spec.layers())
                .logGroup(logGroup)
                .tracing(config.tracing() ? Tracing.ACTIVE : Tracing.DISABLED);
        if (spec.vpc() != null) {
            builder.vpc(spec.vpc()).vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build());
        }
        if (spec.reservedConcurrency() != null) {
            builder.reservedConcurrentExecutions(spec.reservedConcurrency());
        }
        if (spec.snapStart()) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        function = builder.build();
        Nag.suppress(function, "AwsSolutions-IAM4", "Lambda's execution policies: writing its own logs and, in the VPC,"
                + " managing its ENIs, whose EC2 actions support no resource scoping", MANAGED_EXECUTION_POLICIES);
        if (config.tracing()) {
            Nag.suppress(function, "AwsSolutions-IAM5", "X-Ray PutTraceSegments/PutTelemetryRecords support no"
                    + " resource-level permissions", List.of("Resource::*"));
        }
    }

    Function function() {
        return function;
    }
}
