package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.Severity;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * network.nmap.tcp_top_1000 as a TCP connect scan (no raw sockets on Lambda) of the project's 1000-port
 * list. Targets: the hosts an earlier discovery step found live, else every in-scope address; plus every
 * in-scope name. Work item i is target i / 1000, port i % 1000, so chunks split anywhere. Each open port is
 * an info finding.
 */
final class PortScan implements TestExecutor {
    private final PortList ports;

    PortScan(PortList ports) {
        this.ports = ports;
    }

    @Override
    public String testId() {
        return Rules.TCP_TOP_1000;
    }

    @Override
    public String workStep() {
        return "syn_scan";
    }

    @Override
    public ChunkOutcome run(StepContext context) {
        List<Target> targets = targets(context);
        List<Integer> portList = ports.ports();
        long total = (long) targets.size() * portList.size();
        AtomicLong done = new AtomicLong(context.work().offset());
        long next = Probes.run(context.work().offset(), total, context.settings().concurrency(), context.work().budget(),
                context::stopped, index -> {
                    Target target = targets.get((int) (index / portList.size()));
                    int port = portList.get((int) (index % portList.size()));
                    scan(context, target, port);
                    long n = done.incrementAndGet();
                    context.progress(n, total, "sent " + n + " of " + total + " probes");
                });
        return context.outcome(next, total);
    }

    static List<Target> targets(StepContext context) {
        boolean discovered = context.work().earlierTests().contains(Rules.PING_SWEEP);
        if (!discovered) {
            return ScanTargets.all(context.guard(), context.work().scope());
        }
        java.util.Set<Target> targets = new java.util.LinkedHashSet<>(ScanTargets.liveHosts(context.guard(), context.work().findings()));
        for (String name : ScanTargets.names(context.work().scope())) {
            targets.addAll(context.guard().targets(name));
        }
        return List.copyOf(targets);
    }

    private void scan(StepContext context, Target target, int port) {
        PortState state = context.guard().probe(target, port, context.settings().connectTimeout());
        context.count("ports_" + state.wire(), 1);
        if (state != PortState.OPEN) {
            return;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("protocol", "tcp");
        evidence.put("state", "open");
        evidence.put("how", "the TCP handshake completed (connect scan)");
        String service = ports.serviceName(port);
        if (service != null) {
            evidence.put("registered_service", service);
        }
        context.finding(Rules.PORT_OPEN, Severity.INFO, "Open TCP port " + port + " on " + target.name(),
                "A TCP connection to port " + port + " was accepted.",
                new FindingTarget(target.host(), target.addressText(), port, null), evidence);
    }
}
