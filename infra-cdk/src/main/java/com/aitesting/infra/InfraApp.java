package com.aitesting.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** CDK entry point: synthesizes one tenant environment from context (see infra-cdk/README.md). */
public final class InfraApp {

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        synthesize(app);
        app.synth();
    }

    /** Adds the environment's stack to {@code app}; shared with the tests so they build what `cdk` deploys. */
    static TenantEnvironmentStack synthesize(App app) {
        TenantEnvironmentConfig config = TenantEnvironmentConfig.fromContext(app.getNode()::tryGetContext);
        LambdaArtifacts artifacts = LambdaArtifacts.locate(config.artifactsDir());
        // cdk-nag's AwsSolutions rules: a finding is an error annotation, which fails `cdk synth` and `cdk deploy`.
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return new TenantEnvironmentStack(app, "AiTesting-" + config.environmentName(),
                StackProps.builder()
                        .env(Environment.builder()
                                .account(config.account().orElse(System.getenv("CDK_DEFAULT_ACCOUNT")))
                                .region(config.region().orElse(System.getenv("CDK_DEFAULT_REGION")))
                                .build())
                        .description("ai-testing environment " + config.environmentName() + " for tenant " + config.tenantId())
                        .build(),
                config, artifacts);
    }
}
