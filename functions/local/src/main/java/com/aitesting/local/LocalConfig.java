package com.aitesting.local;

import com.aitesting.core.settings.Flags;
import com.aitesting.executors.ExecutorSettings;
import com.aitesting.notifier.NotifierConfig;
import com.aitesting.workflow.WorkflowConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded default's settings, parsed once from the environment (docs/architecture.md):
 * PORT, BIND_ADDRESS (see {@link Bind}), DATA_DIR, EPHEMERAL_DB, and DATABASE_URL (+ DATABASE_USER / DATABASE_PASSWORD for the app role,
 * DATABASE_OWNER_USER / DATABASE_OWNER_PASSWORD to migrate) to use an existing PostgreSQL instead.
 * For the embedded workflow engine: SIMULATE_STEP_MS (how long one simulated step takes, its events spread
 * over it), SIMULATE_PROGRESS=false with the executors' keys (docs/executors.md; locally SCAN_ALLOW_LOOPBACK
 * defaults to true, so a real scan of one's own machine works) and the notifier's keys (SLACK_WEBHOOK, ..., see
 * {@link NotifierConfig}; PUBLIC_BASE_URL defaults to this PORT on localhost). Everything else (AUTH_MODE, ...)
 * is read by the app itself.
 */
public record LocalConfig(int port, Path dataDir, boolean ephemeralDb, External external, Duration simulateStep,
                          NotifierConfig notifier, Optional<ExecutorSettings> realSteps, Bind bind) {

    public static final Duration DEFAULT_STEP = Duration.ofMillis(1500);

    /** An existing PostgreSQL: the app role always; the owner only if migrations should run at start. */
    public record External(String url, String appUser, String appPassword, String ownerUser, String ownerPassword) {
        public External {
            Objects.requireNonNull(url, "url");
        }

        public boolean migrates() {
            return ownerUser != null;
        }

        @Override
        public String toString() {
            return "External[" + url + ", app=" + appUser + ", owner=" + ownerUser + "]";
        }
    }

    /**
     * Where the API listens. BIND_ADDRESS is an IP address (or {@code localhost}), default 127.0.0.1. Dev auth
     * trusts X-Tenant-Id as sent, so with AUTH_MODE=dev (the default) a non-loopback address is refused unless
     * ALLOW_REMOTE_DEV_AUTH=true, which {@link #warning()} then explains at every start.
     */
    public record Bind(String address, boolean loopback, boolean devAuth, boolean allowRemoteDevAuth) {
        public static final Bind LOOPBACK = new Bind("127.0.0.1", true, true, false);
        private static final java.util.regex.Pattern IP_LITERAL = java.util.regex.Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

        public Bind {
            Objects.requireNonNull(address, "address");
            if (!loopback && devAuth && !allowRemoteDevAuth) {
                throw new IllegalArgumentException("BIND_ADDRESS=" + address + " is not a loopback address, and AUTH_MODE=dev trusts the "
                        + "X-Tenant-Id header as sent: anyone who can reach this port could act as any tenant. Use AUTH_MODE=jwt "
                        + "for a server others can reach, keep BIND_ADDRESS=127.0.0.1, or set ALLOW_REMOTE_DEV_AUTH=true to accept that risk.");
            }
        }

        /** What to print at start when the risk was accepted; empty otherwise. */
        public Optional<String> warning() {
            return !loopback && devAuth ? Optional.of("WARNING: listening on " + address + " with AUTH_MODE=dev (ALLOW_REMOTE_DEV_AUTH=true): "
                    + "anyone who can reach this port can act as any tenant by sending X-Tenant-Id.") : Optional.empty();
        }

        static Bind parse(String address, String authMode, String allowRemote) {
            String a = address == null || address.isBlank() ? "127.0.0.1" : address.trim();
            if (a.startsWith("[") && a.endsWith("]")) {
                a = a.substring(1, a.length() - 1);
            }
            boolean loopback;
            if (a.equalsIgnoreCase("localhost")) {
                loopback = true;
            } else if (IP_LITERAL.matcher(a).matches()) {
                try {
                    loopback = java.net.InetAddress.getByName(a).isLoopbackAddress(); // a literal: no lookup
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalArgumentException("BIND_ADDRESS must be an IP address, was '" + address + "'");
                }
            } else {
                throw new IllegalArgumentException("BIND_ADDRESS must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1), was '" + address + "'");
            }
            boolean dev = authMode == null || authMode.isBlank() || authMode.trim().equalsIgnoreCase("dev");
            boolean allow = Flags.parse("ALLOW_REMOTE_DEV_AUTH", allowRemote, false);
            return new Bind(a, loopback, dev, allow);
        }
    }

    public LocalConfig {
        Objects.requireNonNull(bind, "bind");
        checkPort(port);
        Objects.requireNonNull(dataDir, "dataDir");
        if (simulateStep == null || simulateStep.isNegative()) {
            throw new IllegalArgumentException("SIMULATE_STEP_MS must be 0 or more milliseconds");
        }
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(realSteps, "realSteps");
    }

    public LocalConfig(int port, Path dataDir, boolean ephemeralDb, External external, Duration simulateStep,
                       NotifierConfig notifier) {
        this(port, dataDir, ephemeralDb, external, simulateStep, notifier, Optional.empty(), Bind.LOOPBACK);
    }

    /** The workflow defaults: 1.5 s steps, no Slack. */
    public LocalConfig(int port, Path dataDir, boolean ephemeralDb, External external) {
        this(port, dataDir, ephemeralDb, external, DEFAULT_STEP, NotifierConfig.parse(Map.of()), Optional.empty(), Bind.LOOPBACK);
    }

    public LocalConfig withSimulateStep(Duration step) {
        return new LocalConfig(port, dataDir, ephemeralDb, external, step, notifier, realSteps, bind);
    }

    /** Steps run the real executors with {@code settings} (what SIMULATE_PROGRESS=false selects). */
    public LocalConfig withRealSteps(ExecutorSettings settings) {
        return new LocalConfig(port, dataDir, ephemeralDb, external, simulateStep, notifier, Optional.of(settings), bind);
    }

    public LocalConfig withNotifier(NotifierConfig config) {
        return new LocalConfig(port, dataDir, ephemeralDb, external, simulateStep, config, realSteps, bind);
    }

    public LocalConfig withBind(Bind address) {
        return new LocalConfig(port, dataDir, ephemeralDb, external, simulateStep, notifier, realSteps, address);
    }

    /** Checked as soon as PORT is read: other defaults (PUBLIC_BASE_URL) are built from it. */
    private static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("PORT must be 0..65535, was " + port);
        }
        return port;
    }

    public static LocalConfig fromEnvironment() {
        return parse(System.getenv());
    }

    static LocalConfig parse(Map<String, String> env) {
        int port;
        String rawPort = blankToNull(env.get("PORT"));
        try {
            port = checkPort(rawPort == null ? 8080 : Integer.parseInt(rawPort.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a number, was '" + rawPort + "'");
        }
        Path dataDir = Path.of(blankToDefault(env.get("DATA_DIR"), "./.ai-testing/pgdata")).toAbsolutePath().normalize();
        boolean ephemeral = Flags.parse("EPHEMERAL_DB", env.get("EPHEMERAL_DB"), false);
        External external = null;
        String url = blankToNull(env.get("DATABASE_URL"));
        if (url != null) {
            String ownerUser = blankToNull(env.get("DATABASE_OWNER_USER"));
            String ownerPassword = blankToNull(env.get("DATABASE_OWNER_PASSWORD"));
            if (ownerPassword != null && ownerUser == null) {
                throw new IllegalArgumentException("DATABASE_OWNER_PASSWORD is set but DATABASE_OWNER_USER is not");
            }
            external = new External(url, blankToNull(env.get("DATABASE_USER")), blankToNull(env.get("DATABASE_PASSWORD")),
                    ownerUser, ownerPassword);
        }
        Duration step = DEFAULT_STEP;
        String rawStep = blankToNull(env.get("SIMULATE_STEP_MS"));
        if (rawStep != null) {
            try {
                step = Duration.ofMillis(Long.parseLong(rawStep.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SIMULATE_STEP_MS must be a whole number of milliseconds, was '" + rawStep + "'");
            }
        }
        Map<String, String> notifierEnv = new HashMap<>(env);
        if (blankToNull(env.get("PUBLIC_BASE_URL")) == null && port != 0) {
            notifierEnv.put("PUBLIC_BASE_URL", "http://localhost:" + port); // Slack's run links point here
        }
        Bind bind = Bind.parse(env.get("BIND_ADDRESS"), env.get("AUTH_MODE"), env.get("ALLOW_REMOTE_DEV_AUTH"));
        Map<String, String> executorEnv = new HashMap<>(env);
        executorEnv.putIfAbsent("SCAN_ALLOW_LOOPBACK", "true"); // the local default: scan your own machine
        return new LocalConfig(port, dataDir, ephemeral, external, step, NotifierConfig.parse(notifierEnv),
                WorkflowConfig.realSteps(executorEnv), bind);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String blankToDefault(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }
}
