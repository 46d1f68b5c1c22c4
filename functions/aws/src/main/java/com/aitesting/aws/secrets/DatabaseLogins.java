package com.aitesting.aws.secrets;

import com.aitesting.postgres.Credentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.aitesting.postgres.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * A database login from a secret in the shape RDS and CDK's {@code DatabaseSecret} write:
 * {@code {"username", "password", "host", "port", "dbname", "engine", ...}}.
 */
public final class DatabaseLogins {
    private static final ObjectMapper JSON = JsonMappers.shared();

    /** The login, plus host, port and dbname when the secret carries them (a secret attached to a cluster does). */
    public record Login(Credentials credentials, String host, Integer port, String dbname) {
        @Override
        public String toString() {
            return "Login[" + credentials + ", host=" + host + ", port=" + port + ", dbname=" + dbname + "]";
        }
    }

    public static Credentials read(SecretReader secrets, String secretArn) {
        return parse(secrets.read(secretArn), secretArn).credentials();
    }

    public static Login readLogin(SecretReader secrets, String secretArn) {
        return parse(secrets.read(secretArn), secretArn);
    }

    /** Messages name the secret's ARN only: a parser message could quote part of the value. */
    public static Login parse(String secretString, String secretArn) {
        JsonNode secret;
        try {
            secret = JSON.readTree(secretString);
        } catch (IOException e) {
            throw new IllegalStateException("secret " + secretArn + " is not a JSON object with username and password");
        }
        if (secret == null || !secret.isObject() || !text(secret, "username") || !text(secret, "password")) {
            throw new IllegalStateException("secret " + secretArn + " is not a JSON object with username and password");
        }
        Integer port = null; // a number in RDS secrets, sometimes a string in hand-made ones
        JsonNode portNode = secret.get("port");
        if (portNode != null && portNode.isIntegralNumber() && portNode.canConvertToInt()) {
            port = portNode.asInt();
        } else if (portNode != null && portNode.isTextual() && portNode.asText().matches("\\d{1,5}")) {
            port = Integer.valueOf(portNode.asText());
        }
        return new Login(new Credentials(secret.get("username").asText(), secret.get("password").asText()),
                text(secret, "host") ? secret.get("host").asText() : null, port,
                text(secret, "dbname") ? secret.get("dbname").asText() : null);
    }

    private static boolean text(JsonNode node, String field) {
        return node.hasNonNull(field) && node.get(field).isTextual() && !node.get(field).asText().isEmpty();
    }

    private DatabaseLogins() {}
}
