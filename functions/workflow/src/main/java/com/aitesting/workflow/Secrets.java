package com.aitesting.workflow;

import com.aitesting.postgres.Credentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads a database login from a Secrets Manager secret in the RDS shape {@code {"username","password"}}. */
public final class Secrets {
    public static Credentials databaseLogin(String secretArn) {
        try (SecretsManagerClient client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            JsonNode secret = new ObjectMapper().readTree(client.getSecretValue(b -> b.secretId(secretArn)).secretString());
            if (!secret.hasNonNull("username") || !secret.hasNonNull("password")) {
                throw new IllegalStateException("secret " + secretArn + " has no username and password");
            }
            return new Credentials(secret.get("username").asText(), secret.get("password").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("secret " + secretArn + " is not JSON", e);
        }
    }

    private Secrets() {}
}
