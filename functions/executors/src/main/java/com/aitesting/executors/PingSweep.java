package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.Severity;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.Target;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;


/**
 * network.discovery.ping_sweep without ICMP (Lambda has none): a TCP connect to a few common ports of every
 * in-scope address. Any answer proves the host is up (a refusal is an RST from a live stack); only when every
 * probe times out (or the network reports it unreachable) is the host counted down. A live host is an info
 * finding, which is what the port scan reads.
 */
final class PingSweep implements TestExecutor {
    /** Tried in order; the first answer settles the host. */
    static final List<Integer> PROBE_PORTS = List.of(80, 443, 22, 445, 3389);

    @Override
    public String testId() {
        return Rules.PING_SWEEP;
    }

    @Override
    public String workStep() {
        return "probe_hosts";
    }

    /** An address: one connect per probe port until one answers. */
    @Override
    public ItemCost itemCost(ExecutorSettings settings) {
        return ItemCost.of(PROBE_PORTS.size(), settings.connectProbe());
    }

    @Override
    public ChunkOutcome run(StepContext context) {
        List<InetAddress> addresses = context.workList(() -> ScanTargets.addresses(context.work().scope()));
        return context.each(addresses, itemCost(context.settings()), "addresses",
                address -> context.guard().target(address).ifPresent(target -> sweep(context, target)));
    }

    private void sweep(StepContext context, Target target) {
        for (int port : PROBE_PORTS) {
            PortState state = context.guard().probe(target, port, context.settings().connectTimeout());
            if (state == PortState.CANCELLED || state == PortState.BLOCKED) {
                return;
            }
            if (state.provesLive()) {
                context.count("hosts_live", 1);
                String how = state == PortState.OPEN ? "accepted a TCP connection" : "refused a TCP connection (RST)";
                context.finding(Rules.HOST_LIVE, Severity.INFO, "Live host " + target.addressText(),
                        "The host answered a TCP connect probe, so it is up.",
                        new FindingTarget(null, target.addressText(), null, null),
                        Map.of("probe", "tcp_connect", "port", port, "answer", state.wire(), "how", how));
                return;
            }
        }
        context.count("hosts_down", 1);
    }

}
