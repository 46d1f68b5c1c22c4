package com.aitesting.workflow.migrate;

import com.aitesting.aws.secrets.SecretsManagerReader;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Custom::FlywayMigration} resource's onEvent handler, served by CDK's provider framework
 * (infra-cdk DatabaseMigration): Create and Update create or update the restricted application role and
 * apply migrations/ as the owner ({@link DatabaseMigration}); Delete keeps the data and does nothing.
 *
 * <p>Provider-framework contract, not the raw custom-resource one: the framework answers CloudFormation
 * (it hands this handler a placeholder ResponseURL). Success is the returned map with
 * {@code PhysicalResourceId} (and {@code Data}); failure is a thrown exception, whose message the
 * framework reports as the Reason. Messages name secrets by ARN only.
 *
 * <p>Event {@code ResourceProperties}: {@code OwnerSecretArn}, {@code AppRoleName}, {@code AppRoleSecretArn},
 * {@code DatabaseName} (and {@code MigrationsHash}, which only makes CloudFormation send an Update when a
 * script changes). Environment: {@code MIGRATIONS_LOCATION} (a Flyway location; default the classpath).
 */
public final class MigrationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationHandler.class);
    static final String PHYSICAL_ID = "ai-testing-database-migrations";

    /** Ensures the application role and applies the migrations; returns how many were applied. */
    @FunctionalInterface
    public interface Migrator {
        int migrate(MigrationRequest request);
    }

    private final Migrator migrator;

    /** Used by the Lambda runtime: secrets from Secrets Manager, scripts from MIGRATIONS_LOCATION. */
    public MigrationHandler() {
        this(new DatabaseMigration(new SecretsManagerReader(), DatabaseMigration.location(System.getenv()))::apply);
    }

    public MigrationHandler(Migrator migrator) {
        this.migrator = migrator;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String requestType = String.valueOf(event.get("RequestType"));
        Object previousId = event.get("PhysicalResourceId");
        Map<String, Object> result = new LinkedHashMap<>();
        // Keeping the id on Update tells CloudFormation the resource was updated in place (no Delete follows).
        result.put("PhysicalResourceId", previousId == null ? PHYSICAL_ID : previousId);
        switch (requestType) {
            case "Create", "Update" -> {
                MigrationRequest request = MigrationRequest.from(event.get("ResourceProperties"));
                int applied = migrator.migrate(request);
                LOG.info("{}: {} migrations applied for role {} in database {}", requestType, applied,
                        request.appRoleName(), request.databaseName());
                result.put("Data", Map.of("MigrationsApplied", applied));
            }
            case "Delete" -> LOG.info("Delete: migrations are kept with the data");
            default -> throw new IllegalArgumentException("unknown RequestType " + requestType);
        }
        return result;
    }
}
