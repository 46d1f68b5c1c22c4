package com.aitesting.local;

import com.aitesting.postgres.Credentials;
import java.util.Optional;

/**
 * Where the app connects: a JDBC URL without user=, and the restricted application role. {@code owner} is
 * the database owner's login when known (embedded, or DATABASE_OWNER_USER given): the embedded workflow
 * engine keeps its executions in a schema of its own, which only the owner may create.
 */
public record Database(String jdbcUrl, Credentials app, Optional<Credentials> owner, String description) {}
