package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.execution.StepWork;
import com.aitesting.core.execution.StopSignal;
import com.aitesting.core.finding.Finding;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.run.RunId;
import com.aitesting.core.scope.Cidr;
import com.aitesting.core.scope.HostPattern;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeEntry;
import com.aitesting.core.scope.TestingWindows;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Builds the work of one step for an executor test and runs it. */
final class Harness {
    final RunId run = RunId.random();
    ExecutorSettings settings;
    Scope scope;
    List<String> earlierTests = List.of();
    List<Finding> findings = List.of();
    Duration budget = Duration.ofSeconds(600);
    StopSignal stop = new StopSignal();

    Harness(DnsResponder dns) {
        settings = new ExecutorSettings(true, 0, 64, Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(600),
                dns == null ? "127.0.0.1:1" : dns.resolverSetting(), dns == null ? 53 : dns.port(), List.of(), Optional.empty());
    }

    Harness scope(List<String> domains, List<String> cidrs, List<String> outOfScope) {
        scope = new Scope(domains.stream().map(HostPattern::parse).toList(), cidrs.stream().map(Cidr::parse).toList(),
                outOfScope.stream().map(ScopeEntry::parse).toList(), RiskTier.SAFE_ACTIVE, new TestingWindows(List.of()));
        return this;
    }

    Harness trust(KeyStore anchors) {
        settings = settings.withTrustAnchors(anchors);
        return this;
    }

    Harness probing(int concurrency, Duration connectTimeout, Duration ioTimeout) {
        settings = new ExecutorSettings(settings.allowLoopback(), settings.rateCeiling(), concurrency, connectTimeout,
                ioTimeout, settings.chunkBudget(), settings.dnsResolver(), settings.dnsPort(),
                settings.dkimSelectors(), settings.trustAnchors());
        return this;
    }

    Harness rate(double perSecond) {
        settings = new ExecutorSettings(settings.allowLoopback(), perSecond, settings.concurrency(), settings.connectTimeout(),
                settings.ioTimeout(), settings.chunkBudget(), settings.dnsResolver(), settings.dnsPort(),
                settings.dkimSelectors(), settings.trustAnchors());
        return this;
    }

    Harness dkim(List<String> selectors) {
        settings = new ExecutorSettings(settings.allowLoopback(), settings.rateCeiling(), settings.concurrency(),
                settings.connectTimeout(), settings.ioTimeout(), settings.chunkBudget(), settings.dnsResolver(),
                settings.dnsPort(), selectors, settings.trustAnchors());
        return this;
    }

    Harness after(String testId, List<NewFinding> earlier) {
        earlierTests = List.of(testId);
        findings = earlier.stream().map(f -> new Finding(UUID.randomUUID(), run, 0, f, f.fingerprint(), Instant.now())).toList();
        return this;
    }

    ChunkOutcome run(String testId, RecordingReporter reporter) {
        return run(testId, 0, Map.of(), reporter);
    }

    ChunkOutcome run(String testId, long offset, Map<String, Long> counts, RecordingReporter reporter) {
        RealStepExecutors executors = new RealStepExecutors(settings, Clock.systemUTC());
        String stepId = executors.workStep(testId).orElseThrow();
        StepWork work = new StepWork(run, new PlanStep(earlierTests.size(), testId, stepId, stepId, "agent", 10),
                earlierTests, scope, offset, counts, findings, budget, stop);
        return executors.execute(work, reporter);
    }
}
