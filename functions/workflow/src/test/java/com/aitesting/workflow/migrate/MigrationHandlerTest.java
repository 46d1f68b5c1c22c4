package com.aitesting.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The provider-framework contract: return PhysicalResourceId (and Data) on success, throw on failure. */
class MigrationHandlerTest {
    private final List<MigrationRequest> requests = new ArrayList<>();

    private static Map<String, Object> event(String type) {
        Map<String, Object> event = new HashMap<>(Map.of("RequestType", type, "ResponseURL", "...",
                "StackId", "arn:aws:cloudformation:us-east-1:1:stack/ait/1", "RequestId", "req-1",
                "LogicalResourceId", "Migration"));
        event.put("ResourceProperties", Map.of("ServiceToken", "arn:aws:lambda:x", "MigrationsHash", "abc",
                "OwnerSecretArn", "arn:aws:secretsmanager:eu-west-1:1:secret:owner-AbCdEf",
                "AppRoleName", "ait_app",
                "AppRoleSecretArn", "arn:aws:secretsmanager:eu-west-1:1:secret:app-AbCdEf",
                "DatabaseName", "aitesting"));
        return event;
    }

    @Test
    void createMigratesWithTheResourcePropertiesAndReturnsTheFixedPhysicalId() {
        Map<String, Object> result = new MigrationHandler(r -> {
            requests.add(r);
            return 6;
        }).handleRequest(event("Create"), null);
        assertThat(result).containsEntry("PhysicalResourceId", MigrationHandler.PHYSICAL_ID)
                .containsEntry("Data", Map.of("MigrationsApplied", 6));
        assertThat(requests).containsExactly(new MigrationRequest("arn:aws:secretsmanager:eu-west-1:1:secret:owner-AbCdEf",
                "ait_app", "arn:aws:secretsmanager:eu-west-1:1:secret:app-AbCdEf", "aitesting"));
    }

    @Test
    void updateKeepsThePhysicalIdSoCloudFormationDoesNotReplaceTheResource() {
        Map<String, Object> event = event("Update");
        event.put("PhysicalResourceId", "existing-id");
        Map<String, Object> result = new MigrationHandler(r -> 0).handleRequest(event, null);
        assertThat(result).containsEntry("PhysicalResourceId", "existing-id").containsEntry("Data", Map.of("MigrationsApplied", 0));
    }

    @Test
    void deleteDoesNothingAndKeepsTheData() {
        Map<String, Object> event = event("Delete");
        event.put("PhysicalResourceId", MigrationHandler.PHYSICAL_ID);
        Map<String, Object> result = new MigrationHandler(r -> {
            throw new AssertionError("no migration on Delete");
        }).handleRequest(event, null);
        assertThat(result).containsEntry("PhysicalResourceId", MigrationHandler.PHYSICAL_ID).doesNotContainKey("Data");
    }

    @Test
    void aFailedMigrationThrowsSoTheFrameworkReportsFailed() {
        assertThatThrownBy(() -> new MigrationHandler(r -> {
            throw new IllegalStateException("role could not be created");
        }).handleRequest(event("Create"), null)).hasMessage("role could not be created");
    }

    @Test
    void missingOrUnsafePropertiesAreRefusedNamingTheProperty() {
        Map<String, Object> event = event("Create");
        Map<String, Object> props = new HashMap<>(castMap(event.get("ResourceProperties")));
        props.remove("AppRoleSecretArn");
        event.put("ResourceProperties", props);
        assertThatThrownBy(() -> new MigrationHandler(r -> 0).handleRequest(event, null))
                .hasMessageContaining("ResourceProperties.AppRoleSecretArn is required");

        props.put("AppRoleSecretArn", "arn:x");
        props.put("DatabaseName", "aitesting?user=postgres");
        assertThatThrownBy(() -> new MigrationHandler(r -> 0).handleRequest(event, null))
                .hasMessageContaining("DatabaseName");
    }

    @Test
    void theScriptsComeFromMigrationsLocationOrTheClasspath() {
        assertThat(DatabaseMigration.location(Map.of("MIGRATIONS_LOCATION", "filesystem:/opt"))).isEqualTo("filesystem:/opt");
        assertThat(DatabaseMigration.location(Map.of())).isEqualTo("classpath:db/migration");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
