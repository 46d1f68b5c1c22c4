package com.aitesting.executors;

import com.aitesting.core.TcpPort;
import com.aitesting.core.settings.Flags;
import com.aitesting.core.scope.Cidr;
import com.aitesting.core.scope.PlatformDenyList;
import com.aitesting.executors.net.DnsClient;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the executors probe, parsed once from the environment:
 * <ul>
 *   <li>SCAN_ALLOW_LOOPBACK: may 127.0.0.0/8 and ::1 be probed (the local runtime sets true; default false)</li>
 *   <li>SCAN_DENY_CIDRS: the ranges the platform itself runs in, denied like the metadata service whatever a scope
 *   says (on AWS the stack's VPC range; default none)</li>
 *   <li>SCAN_RATE_CEILING: the platform's cap on an engagement's scope.rate_limit, probes per second per step
 *   (default 10000); 0 lifts every limit, for the benchmark only</li>
 *   <li>SCAN_CONCURRENCY: probes in flight per step (default 128)</li>
 *   <li>SCAN_CONNECT_TIMEOUT_MS (default 1000) and SCAN_IO_TIMEOUT_MS (reads and handshakes, default 3000)</li>
 *   <li>SCAN_CHUNK_SECONDS: a chunk's time budget, well inside one Lambda invocation (default 600)</li>
 *   <li>DNS_RESOLVER: address:port of the resolver every lookup goes to (default: the system's)</li>
 *   <li>SCAN_DNS_PORT: the port zone transfers are attempted on (default 53)</li>
 *   <li>DKIM_SELECTORS: comma-separated DKIM selectors to look up (default none)</li>
 * </ul>
 * {@code trustAnchors} judges certificate chains; empty means the JDK's CA certificates.
 */
public record ExecutorSettings(
        boolean allowLoopback,
        double rateCeiling,
        int concurrency,
        Duration connectTimeout,
        Duration ioTimeout,
        Duration chunkBudget,
        String dnsResolver,
        int dnsPort,
        List<String> dkimSelectors,
        Optional<KeyStore> trustAnchors,
        List<Cidr> ownNetwork) {

    public static final double DEFAULT_RATE_CEILING = 10_000;

    public ExecutorSettings {
        if (rateCeiling < 0) {
            throw new IllegalArgumentException("SCAN_RATE_CEILING must be >= 0");
        }
        if (concurrency < 1 || concurrency > 4096) {
            throw new IllegalArgumentException("SCAN_CONCURRENCY must be 1-4096");
        }
        if (!TcpPort.valid(dnsPort)) {
            throw new IllegalArgumentException("SCAN_DNS_PORT must be " + TcpPort.RANGE);
        }
        dkimSelectors = List.copyOf(dkimSelectors);
        ownNetwork = List.copyOf(ownNetwork);
    }

    /** Without SCAN_DENY_CIDRS ranges. */
    public ExecutorSettings(boolean allowLoopback, double rateCeiling, int concurrency, Duration connectTimeout,
                            Duration ioTimeout, Duration chunkBudget, String dnsResolver, int dnsPort,
                            List<String> dkimSelectors, Optional<KeyStore> trustAnchors) {
        this(allowLoopback, rateCeiling, concurrency, connectTimeout, ioTimeout, chunkBudget, dnsResolver, dnsPort,
                dkimSelectors, trustAnchors, List.of());
    }

    public static ExecutorSettings fromEnvironment(Map<String, String> env) {
        return new ExecutorSettings(
                bool(env, "SCAN_ALLOW_LOOPBACK", false),
                number(env, "SCAN_RATE_CEILING", DEFAULT_RATE_CEILING),
                (int) number(env, "SCAN_CONCURRENCY", 128),
                Duration.ofMillis((long) number(env, "SCAN_CONNECT_TIMEOUT_MS", 1000)),
                Duration.ofMillis((long) number(env, "SCAN_IO_TIMEOUT_MS", 3000)),
                Duration.ofSeconds((long) number(env, "SCAN_CHUNK_SECONDS", 600)),
                env.get("DNS_RESOLVER"),
                (int) number(env, "SCAN_DNS_PORT", 53),
                Optional.ofNullable(env.get("DKIM_SELECTORS")).map(s -> Arrays.stream(s.split(","))
                        .map(String::strip).filter(x -> !x.isEmpty()).toList()).orElse(List.of()),
                Optional.empty(),
                PlatformDenyList.parseRanges(env.get("SCAN_DENY_CIDRS")));
    }

    public ExecutorSettings withTrustAnchors(KeyStore anchors) {
        return new ExecutorSettings(allowLoopback, rateCeiling, concurrency, connectTimeout, ioTimeout, chunkBudget,
                dnsResolver, dnsPort, dkimSelectors, Optional.of(anchors), ownNetwork);
    }

    // The longest each kind of probe can take: what the chunk rule (Probes) reserves for a work item.

    /** A TCP connect probe. */
    Duration connectProbe() {
        return connectTimeout;
    }

    /** How long a connection opened for a TLS handshake alone may live: the handshake, one io timeout. */
    Duration handshakeLifetime() {
        return ioTimeout;
    }

    /** A TLS handshake probe: connect, then the handshake. */
    Duration handshakeProbe() {
        return connectTimeout.plus(handshakeLifetime());
    }

    /** How long a connection that exchanges data may live: TLS handshake, response head, body (an HTTP request, an AXFR). */
    Duration exchangeLifetime() {
        return ioTimeout.multipliedBy(3);
    }

    /** An exchange probe: connect, then the exchange. */
    Duration exchangeProbe() {
        return connectTimeout.plus(exchangeLifetime());
    }

    /** One lookup of one record type: each query answers or times out within an io timeout, CNAME hops included. */
    Duration lookupBound() {
        return ioTimeout.multipliedBy(DnsClient.MAX_QUERIES_PER_LOOKUP);
    }

    /** Resolving a name to its addresses: an A and an AAAA lookup. */
    Duration resolveBound() {
        return lookupBound().multipliedBy(2);
    }

    DnsClient dnsClient() {
        return DnsClient.configured(dnsResolver, ioTimeout);
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        return Flags.parse(name, env.get(name), fallback);
    }

    private static double number(Map<String, String> env, String name, double fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.strip());
            if (parsed < 0 || Double.isNaN(parsed) || Double.isInfinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a non-negative number: " + value);
        }
    }
}
