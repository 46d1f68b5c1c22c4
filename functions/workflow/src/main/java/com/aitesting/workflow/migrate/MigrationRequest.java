package com.aitesting.workflow.migrate;

import java.util.Map;

/** The custom resource's properties (infra-cdk DatabaseMigration): secret ARNs and names, no secret values. */
public record MigrationRequest(String ownerSecretArn, String appRoleName, String appRoleSecretArn, String databaseName) {

    public MigrationRequest {
        // Both end up in SQL and in the JDBC URL: plain identifiers only.
        if (!appRoleName.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("ResourceProperties.AppRoleName must be a plain role name, was '" + appRoleName + "'");
        }
        if (!databaseName.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("ResourceProperties.DatabaseName must be a plain database name, was '" + databaseName + "'");
        }
    }

    public static MigrationRequest from(Object resourceProperties) {
        if (!(resourceProperties instanceof Map<?, ?> properties)) {
            throw new IllegalArgumentException("the event has no ResourceProperties");
        }
        return new MigrationRequest(required(properties, "OwnerSecretArn"), required(properties, "AppRoleName"),
                required(properties, "AppRoleSecretArn"), required(properties, "DatabaseName"));
    }

    private static String required(Map<?, ?> properties, String name) {
        Object value = properties.get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("ResourceProperties." + name + " is required");
        }
        return text;
    }
}
