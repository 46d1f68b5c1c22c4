package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.execution.StepExecutors;
import com.aitesting.core.execution.StepReporter;
import com.aitesting.core.execution.StepWork;
import com.aitesting.executors.net.DnsClient;
import com.aitesting.executors.net.GuardSettings;
import com.aitesting.executors.net.NetworkGuard;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The executors of the catalog's executable tests. Each chunk gets a fresh {@link NetworkGuard} on the
 * engagement's scope: every connection of the chunk goes through it.
 */
public final class RealStepExecutors implements StepExecutors {
    /** Scope refusals per chunk that become scope.blocked events; the rest are counted. */
    static final int REFUSAL_EVENTS = 100;

    private final Map<String, TestExecutor> executors = new LinkedHashMap<>();
    private final ExecutorSettings settings;
    private final DnsClient dns;
    private final Clock clock;

    public RealStepExecutors(ExecutorSettings settings, Clock clock) {
        List<TestExecutor> all = all();
        requireChunkFits(settings, all);
        this.settings = settings;
        this.dns = settings.dnsClient();
        this.clock = clock;
        for (TestExecutor executor : all) {
            executors.put(executor.testId(), executor);
        }
    }

    /**
     * At the platform's fastest rate one work item of every executor must fit a chunk, else no chunk could
     * progress (with the default settings it fits even at 1 probe/s; a slower engagement's chunk checks its own
     * rate). ExecuteStep checks it at its start and the CDK stack at synth, so a deployment cannot carry settings
     * that would fail every real step.
     *
     * @throws IllegalStateException naming the executor and its bound when one does not fit
     */
    public static void requireChunkFits(ExecutorSettings settings) {
        requireChunkFits(settings, all());
    }

    private static void requireChunkFits(ExecutorSettings settings, List<TestExecutor> executors) {
        for (TestExecutor executor : executors) {
            ItemCost cost = executor.itemCost(settings);
            java.time.Duration bound = cost.bound(cost.workers(settings.concurrency(), settings.rateCeiling()), settings.rateCeiling());
            if (bound.compareTo(settings.chunkBudget()) >= 0) {
                throw new IllegalStateException("SCAN_CHUNK_SECONDS=" + settings.chunkBudget().toSeconds() + " is shorter than one work item of "
                        + executor.testId() + " (" + bound.toSeconds() + " s at these timeouts)");
            }
        }
    }

    private static List<TestExecutor> all() {
        return List.of(new PingSweep(), new PortScan(PortList.tcp1000()), new CertificateCheck(), new ProtocolAndCipherScan(),
                new SecurityHeaders(), new MethodsAndRedirects(), new EmailSecurityRecords(), new ZoneTransferCheck());
    }

    /** The test ids that have a real executor. */
    public Set<String> executableTests() {
        return Set.copyOf(executors.keySet());
    }

    @Override
    public Optional<String> workStep(String testId) {
        return Optional.ofNullable(executors.get(testId)).map(TestExecutor::workStep);
    }

    @Override
    public ChunkOutcome execute(StepWork work, StepReporter reporter) {
        TestExecutor executor = executors.get(work.step().testId());
        if (executor == null) {
            throw new IllegalArgumentException("no real executor for " + work.step().testId());
        }
        double rate = rateLimit(work);
        GuardSettings guardSettings = new GuardSettings(settings.allowLoopback(), rate, REFUSAL_EVENTS, settings.ownNetwork());
        NetworkGuard guard = new NetworkGuard(work.scope(), guardSettings, dns, reporter::blocked, work.stop());
        return executor.run(new StepContext(work, reporter, guard, rate, settings, clock));
    }

    /** The engagement's scope.rate_limit, capped by the platform's ceiling; a ceiling of 0 lifts it (benchmark). */
    private double rateLimit(StepWork work) {
        return settings.rateCeiling() == 0 ? 0 : Math.min(work.scope().rateLimit(), settings.rateCeiling());
    }
}
