package com.aitesting.workflow.migrate;

import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.Migrations;
import com.aitesting.workflow.Secrets;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudFormation custom resource that applies migrations/ on deploy: Create and Update run Flyway as the
 * owner role ({@link Migrations}); Delete keeps the data and does nothing. The outcome is PUT to the
 * pre-signed ResponseURL; without that answer the stack would wait for an hour, so every path answers,
 * failures included.
 *
 * <p>Environment: DATABASE_URL; the owner login as DATABASE_OWNER_SECRET_ARN (Secrets Manager, RDS shape)
 * or DATABASE_OWNER_USER + DATABASE_OWNER_PASSWORD; DATABASE_APP_ROLE, the role the grants go to. Both
 * roles must exist (created with the cluster).
 */
public final class MigrationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PHYSICAL_ID = "ai-testing-database-migrations";

    /** Applies the migrations and returns how many were applied. */
    @FunctionalInterface
    public interface Migrator {
        int migrate();
    }

    private final Migrator migrator;
    private final HttpClient http;

    public MigrationHandler() {
        this(MigrationHandler::migrateFromEnvironment, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    public MigrationHandler(Migrator migrator, HttpClient http) {
        this.migrator = migrator;
        this.http = http;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String requestType = String.valueOf(event.get("RequestType"));
        Object previousId = event.get("PhysicalResourceId");
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Status", "SUCCESS");
        response.put("PhysicalResourceId", previousId == null ? PHYSICAL_ID : previousId);
        response.put("StackId", event.get("StackId"));
        response.put("RequestId", event.get("RequestId"));
        response.put("LogicalResourceId", event.get("LogicalResourceId"));
        try {
            switch (requestType) {
                case "Create", "Update" -> response.put("Reason", "applied " + migrator.migrate() + " migrations");
                case "Delete" -> response.put("Reason", "migrations are kept with the data");
                default -> throw new IllegalArgumentException("unknown RequestType " + requestType);
            }
        } catch (RuntimeException e) {
            LOG.error("migration {} failed", requestType, e);
            response.put("Status", "FAILED");
            response.put("Reason", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        answer(String.valueOf(event.get("ResponseURL")), response);
        return response;
    }

    private void answer(String responseUrl, Map<String, Object> response) {
        try {
            // No Content-Type: the pre-signed S3 URL was signed without one.
            HttpRequest put = HttpRequest.newBuilder(URI.create(responseUrl))
                    .timeout(Duration.ofSeconds(30))
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(response)))
                    .build();
            HttpResponse<String> answered = http.send(put, HttpResponse.BodyHandlers.ofString());
            if (answered.statusCode() / 100 != 2) {
                throw new IllegalStateException("the ResponseURL answered HTTP " + answered.statusCode());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new IllegalStateException("could not answer CloudFormation", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while answering CloudFormation", e);
        }
    }

    private static int migrateFromEnvironment() {
        Map<String, String> env = System.getenv();
        String url = required(env, "DATABASE_URL");
        Credentials owner = env.containsKey("DATABASE_OWNER_SECRET_ARN")
                ? Secrets.databaseLogin(env.get("DATABASE_OWNER_SECRET_ARN"))
                : new Credentials(required(env, "DATABASE_OWNER_USER"), required(env, "DATABASE_OWNER_PASSWORD"));
        return Migrations.migrate(url, owner, required(env, "DATABASE_APP_ROLE"));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is required");
        }
        return value;
    }
}
