package com.aitesting.local;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code ./dev start}: the whole platform on one machine. Embedded PostgreSQL (or DATABASE_URL),
 * migrated as the owner, the API connected as the restricted role, on PORT (default 8080).
 * Ctrl-C stops everything in order.
 */
public final class LocalMain {
    public static void main(String[] args) {
        Instant began = Instant.now();
        LocalConfig config;
        try {
            config = LocalConfig.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("ai-testing: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalRuntime runtime = new LocalRuntime();
        // Registered before anything starts, so Ctrl-C during start-up also stops the database.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("ai-testing: stopping");
            runtime.close();
        }, "ait-shutdown"));
        try {
            runtime.start(config);
        } catch (RuntimeException | Error e) {
            java.util.Optional<String> setting = StartFailure.explain(e, config);
            System.err.println("ai-testing: could not start: " + setting.orElse(e.getMessage()));
            if (setting.isEmpty()) {
                e.printStackTrace(System.err); // unexpected: the trace is the useful part
            }
            System.exit(1);
            return;
        }
        long ms = Duration.between(began, Instant.now()).toMillis();
        String url = runtime.apiUrl();
        System.out.printf("""
                ai-testing is up (%.1f s)
                  API   %s/v1   (%s)
                  Docs  %s/docs
                  Data  %s
                Ctrl-C to stop.
                """, ms / 1000.0, url, config.bind().devAuth() ? "dev auth: headers X-Dev-User, X-Dev-Email, X-Tenant-Id"
                        : "AUTH_MODE as configured: dev headers are no identity", url, runtime.databaseDescription());
    }

    private LocalMain() {}
}
