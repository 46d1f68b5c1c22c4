package com.aitesting.aws.dataapi;

import java.util.Objects;

/**
 * Where Data API statements go: the Aurora cluster (DATA_API_CLUSTER_ARN), the secret holding the login
 * the statements run as (DATA_API_SECRET_ARN: the restricted application role, so row-level security
 * applies) and the database (DATABASE_NAME). ARNs and names only: nothing here is secret.
 */
public record DataApiTarget(String clusterArn, String secretArn, String database) {
    public DataApiTarget {
        require(clusterArn, "DATA_API_CLUSTER_ARN", "arn:");
        require(secretArn, "DATA_API_SECRET_ARN", "arn:");
        require(database, "DATABASE_NAME", "");
    }

    private static void require(String value, String variable, String prefix) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " is required with EVENT_TAIL=data_api");
        }
        if (!value.startsWith(prefix)) {
            throw new IllegalArgumentException(variable + " must be an ARN, was '" + value + "'");
        }
    }
}
