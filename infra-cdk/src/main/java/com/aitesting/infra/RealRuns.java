package com.aitesting.infra;

import com.aitesting.executors.ExecutorSettings;
import com.aitesting.executors.RealStepExecutors;
import com.aitesting.workflow.WorkflowTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How this environment runs tests: for real (the default: a deployment exists to test its tenant's
 * systems) or simulated (a demo environment, {@code -c simulateProgress=true}), and how the real executors of
 * the ExecuteStep function probe (docs/executors.md). The API gets the same SIMULATE_PROGRESS, so its
 * real-mode rules (authorization required, non-executable tests refused) match what the steps do.
 * SCAN_ALLOW_LOOPBACK is never set here: on AWS loopback stays on the platform deny list.
 *
 * @param dnsResolver DNS_RESOLVER; empty means the VPC's own Amazon-provided resolver ({@link Network#AMAZON_DNS})
 */
record RealRuns(
        boolean simulateProgress,
        int rateCeiling,
        int concurrency,
        int connectTimeoutMs,
        int ioTimeoutMs,
        int chunkSeconds,
        Optional<String> dnsResolver,
        int dnsPort,
        List<String> dkimSelectors) {

    /**
     * What ExecuteStep needs after a chunk's probing has ended (a chunk never probes past its budget):
     * its last events and step.completed, a few short transactions, and the container's first database login.
     */
    static final int CHUNK_MARGIN_SECONDS = 60;

    private static final Pattern RESOLVER = Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:]+]):\\d{1,5}");
    private static final Pattern SELECTOR = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    RealRuns {
        // 0 would lift every limit (the benchmark's setting): never on a deployed environment.
        require(rateCeiling >= 1 && rateCeiling <= 100_000, "scanRateCeiling must be 1-100000 probes per second");
        require(concurrency >= 1 && concurrency <= 4096, "scanConcurrency must be 1-4096");
        require(connectTimeoutMs >= 100 && connectTimeoutMs <= 30_000, "scanConnectTimeoutMs must be 100-30000");
        require(ioTimeoutMs >= 100 && ioTimeoutMs <= 60_000, "scanIoTimeoutMs must be 100-60000");
        long timeout = TaskFunctions.timeout(WorkflowTask.EXECUTE_STEP).toSeconds().longValue();
        long room = timeout - CHUNK_MARGIN_SECONDS;
        require(chunkSeconds >= 60 && chunkSeconds <= room, "scanChunkSeconds must be 60-" + room
                + ": a chunk plus " + CHUNK_MARGIN_SECONDS + " s must fit the ExecuteStep function's " + timeout + " s timeout");
        require(dnsResolver.isEmpty() || RESOLVER.matcher(dnsResolver.get()).matches(),
                "dnsResolver must be address:port of a resolver (an IP literal, e.g. 10.0.0.2:53)");
        require(dnsPort >= 1 && dnsPort <= 65535, "scanDnsPort must be 1-65535");
        require(dkimSelectors.stream().allMatch(s -> SELECTOR.matcher(s).matches()),
                "dkimSelectors must be DNS labels separated by commas");
        dkimSelectors = List.copyOf(dkimSelectors);
    }

    static RealRuns fromContext(ContextValues context) {
        RealRuns runs = new RealRuns(
                context.bool("simulateProgress", false),
                context.integer("scanRateCeiling", 10_000),
                context.integer("scanConcurrency", 128),
                context.integer("scanConnectTimeoutMs", 1000),
                context.integer("scanIoTimeoutMs", 3000),
                context.integer("scanChunkSeconds", 600),
                context.optionalString("dnsResolver"),
                context.integer("scanDnsPort", 53),
                context.list("dkimSelectors"));
        runs.requireChunkFitsOneWorkItem();
        return runs;
    }

    /**
     * ExecuteStep refuses to start when one work item of an executor cannot fit a chunk; checked here with the
     * executors' own rule on the environment the function will get, so such settings fail the synth, not every
     * real step after the deploy.
     */
    private void requireChunkFitsOneWorkItem() {
        try {
            RealStepExecutors.requireChunkFits(ExecutorSettings.fromEnvironment(executeStepEnvironment()));
        } catch (IllegalStateException tooShort) {
            throw new IllegalArgumentException("scanChunkSeconds is too short for these scan settings: " + tooShort.getMessage(), tooShort);
        }
    }

    /**
     * SIMULATE_PROGRESS for the API, whose real-mode rules must agree with ExecuteStep, and SCAN_DENY_CIDRS: the
     * VPC the platform runs in (Aurora, the functions) is denied to every scope, in the preview and the guard.
     */
    Map<String, String> apiEnvironment() {
        return Map.of("SIMULATE_PROGRESS", String.valueOf(simulateProgress), "SCAN_DENY_CIDRS", Network.CIDR);
    }

    /**
     * The ExecuteStep function's variables (read by WorkflowConfig and ExecutorSettings). The scan settings
     * are passed in simulated mode too, so switching modes is one value.
     */
    Map<String, String> executeStepEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>(apiEnvironment());
        environment.put("SCAN_RATE_CEILING", String.valueOf(rateCeiling));
        environment.put("SCAN_CONCURRENCY", String.valueOf(concurrency));
        environment.put("SCAN_CONNECT_TIMEOUT_MS", String.valueOf(connectTimeoutMs));
        environment.put("SCAN_IO_TIMEOUT_MS", String.valueOf(ioTimeoutMs));
        environment.put("SCAN_CHUNK_SECONDS", String.valueOf(chunkSeconds));
        environment.put("DNS_RESOLVER", dnsResolver.orElse(Network.AMAZON_DNS));
        environment.put("SCAN_DNS_PORT", String.valueOf(dnsPort));
        if (!dkimSelectors.isEmpty()) {
            environment.put("DKIM_SELECTORS", String.join(",", dkimSelectors));
        }
        return environment;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
