package com.aitesting.infra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * Applies migrations/ on deploy: a custom resource whose handler (MigrationHandler in the workflow zip)
 * runs Flyway as the owner and creates/grants the restricted application role.
 *
 * <p>The scripts ship as a layer built from the same folder the hash is computed from, so the handler
 * applies exactly the scripts that triggered the update. The hash is a resource property, so any
 * change to a script makes CloudFormation send an Update, i.e. the handler runs again; an unchanged
 * set is not re-sent because Flyway would have nothing to apply.
 */
final class DatabaseMigration extends Construct {

    static final String HANDLER = "com.aitesting.workflow.migrate.MigrationHandler";
    static final String RESOURCE_TYPE = "Custom::FlywayMigration";
    // A layer's content is unpacked under /opt.
    static final String MIGRATIONS_LOCATION = "filesystem:/opt";

    private final Function function;

    DatabaseMigration(Construct scope, String id, TenantEnvironmentConfig config, LambdaArtifacts artifacts,
                      IVpc vpc, Database database) {
        super(scope, id);
        String migrationsHash = MigrationsHash.of(config.migrationsDir());
        LayerVersion scripts = LayerVersion.Builder.create(this, "Scripts")
                .description("Flyway scripts from migrations/")
                .code(Code.fromAsset(config.migrationsDir().toString()))
                .build();
        function = new JavaLambda(this, "Handler", config, JavaLambda.Spec.of(
                        "Applies the Flyway migrations as the database owner",
                        artifacts.workflowZip(), HANDLER, Duration.minutes(10),
                        Map.of("MIGRATIONS_LOCATION", MIGRATIONS_LOCATION))
                .inVpc(vpc)
                .withLayers(List.of(scripts)))
                .function();
        database.allowConnectionsFrom(function);
        SecretAccess.allowGetValue(function, database.ownerSecret());
        // The handler sets the application role's password from this secret.
        SecretAccess.allowGetValue(function, database.appRoleSecret());

        Provider provider = Provider.Builder.create(this, "Provider")
                .onEventHandler(function)
                .logGroup(LogGroup.Builder.create(this, "ProviderLogs")
                        .retention(LogRetention.ofDays(config.logRetentionDays()))
                        .build())
                .build();
        Nag.suppress(provider, "AwsSolutions-IAM4", "the CDK provider framework's function: Lambda's basic execution"
                + " policy to write its logs", JavaLambda.MANAGED_EXECUTION_POLICIES.subList(0, 1));
        Nag.suppressMatching(provider, "AwsSolutions-IAM5", "the provider framework may invoke the handler's versions"
                + " and aliases (ARN:*)", "/^Resource::<MigrationHandlerFunction[0-9A-F]+\\.Arn>:\\*$/");
        CustomResource migration = CustomResource.Builder.create(this, "Migration")
                .serviceToken(provider.getServiceToken())
                .resourceType(RESOURCE_TYPE)
                // Sorted, like every map the template is built from: Map.of's order changes from one JVM to the next.
                .properties(new TreeMap<>(Map.of(
                        "MigrationsHash", migrationsHash,
                        "OwnerSecretArn", database.ownerSecret().getSecretArn(),
                        "AppRoleName", Database.APP_ROLE,
                        "AppRoleSecretArn", database.appRoleSecret().getSecretArn(),
                        "DatabaseName", Database.DATABASE_NAME)))
                .build();
        // The secrets' references alone would not wait for the writer instance to accept connections.
        migration.getNode().addDependency(database.cluster());
    }

    Function function() {
        return function;
    }
}
