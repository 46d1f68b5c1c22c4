package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.Severity;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * network.nmap.tcp_top_1000 as a TCP connect scan (no raw sockets on Lambda) of the project's 1000-port
 * list. Targets: the hosts an earlier discovery step found live, else every in-scope address; plus every
 * in-scope name. Each address is probed once ({@link #sockets}): work item i is address i / 1000, port
 * i % 1000, so chunks split anywhere. Each open port is an info finding for each in-scope name that resolves
 * to its address (the TLS and HTTP checks after it need every virtual host), or for the address alone when
 * no name does.
 */
final class PortScan implements TestExecutor {
    /** Progress is reported every this many probes (the reporter throttles the events further). */
    private static final int PROGRESS_EVERY = 256;

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

    /** One connect. */
    @Override
    public ItemCost itemCost(ExecutorSettings settings) {
        return ItemCost.of(1, settings.connectProbe());
    }

    @Override
    public ChunkOutcome run(StepContext context) {
        List<List<Target>> sockets = context.workList(() -> sockets(targets(context)));
        List<Integer> portList = ports.ports();
        long total = (long) sockets.size() * portList.size();
        int width = portList.size();
        // The chunk rule of Probes, inside the guard's selector loops: no connect starts after this.
        long deadline = context.takeUntil(itemCost(context.settings()), NetworkGuard.SCAN_LOOPS);
        AtomicLong done = new AtomicLong(context.work().offset());
        LongAdder[] states = new LongAdder[PortState.values().length];
        Arrays.setAll(states, i -> new LongAdder());
        long next;
        try {
            next = context.guard().scan(context.work().offset(), total, i -> sockets.get((int) (i / width)).getFirst(),
                    i -> portList.get((int) (i % width)), context.settings().concurrency(), context.settings().connectTimeout(),
                    deadline, (index, target, port, state) -> {
                        states[state.ordinal()].increment();
                        if (state == PortState.OPEN) {
                            sockets.get((int) (index / width)).forEach(reachedAs -> open(context, reachedAs, port));
                        }
                        long n = done.incrementAndGet();
                        if (n % PROGRESS_EVERY == 0 || n == total) {
                            context.progress(n, total, "sent " + n + " of " + total + " probes");
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("the port scan could not open its selector", e);
        }
        for (PortState state : PortState.values()) {
            if (states[state.ordinal()].sum() > 0) {
                context.count("ports_" + state.wire(), states[state.ordinal()].sum());
            }
        }
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

    /**
     * The targets grouped by address, in the order their addresses first appear (the same in every chunk):
     * each group is probed once, and is the address's in-scope names, or the address alone when none leads to it.
     */
    static List<List<Target>> sockets(List<Target> targets) {
        Map<InetAddress, List<Target>> byAddress = new LinkedHashMap<>();
        for (Target target : targets) {
            byAddress.computeIfAbsent(target.address(), a -> new ArrayList<>()).add(target);
        }
        List<List<Target>> sockets = new ArrayList<>(byAddress.size());
        for (List<Target> same : byAddress.values()) {
            List<Target> named = same.stream().filter(t -> t.host() != null).distinct().toList();
            sockets.add(named.isEmpty() ? List.of(same.getFirst()) : named);
        }
        return List.copyOf(sockets);
    }

    private void open(StepContext context, Target target, int port) {
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
