package com.aitesting.executors.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongToIntFunction;

/**
 * Many TCP connect probes from one thread per loop: non-blocking connects kept in flight up to a window, completions
 * and timeouts taken from one selector, as a connect scanner does it. No thread per probe and no hand-off
 * between threads, which is what makes a large scan cheap. Driven by {@link NetworkGuard#scan}; each probe
 * is still checked by the guard and waits for its rate limiter.
 */
final class ConnectScan {
    /** One probe of the scan's work list, from index to outcome. */
    interface Sink {
        void result(long index, Target target, int port, PortState state);
    }

    private static final class Pending {
        final long index;
        final Target target;
        final int port;
        final long deadline;
        final SocketChannel channel;
        boolean done;

        Pending(long index, Target target, int port, long deadline, SocketChannel channel) {
            this.index = index;
            this.target = target;
            this.port = port;
            this.deadline = deadline;
            this.channel = channel;
        }
    }

    private final NetworkGuard guard;

    ConnectScan(NetworkGuard guard) {
        this.guard = guard;
    }

    /**
     * Probes the indices it takes from {@code cursor} (shared with the other loops of the scan) until
     * {@code total} or {@code deadlineNanos}; every index it took has its result when it returns.
     */
    void run(AtomicLong cursor, long total, LongFunction<Target> targetOf, LongToIntFunction portOf, int window,
             Duration timeout, long deadlineNanos, Sink sink) throws IOException {
        long timeoutNanos = timeout.toNanos();
        ArrayDeque<Pending> order = new ArrayDeque<>();
        // Connects still in progress after connect(): most are settled by the time the batch is issued (a
        // refusal or a handshake on a near network takes microseconds), so each is asked once before it costs
        // a selector registration and its deregistration.
        List<Pending> fresh = new ArrayList<>();
        Target admitted = null;
        boolean exhausted = false;
        int pending = 0;
        try (Selector selector = Selector.open()) {
            guard.onStop(selector::wakeup);
            while (!guard.stopped()) {
                while (pending < window && !exhausted && !guard.stopped() && System.nanoTime() < deadlineNanos) {
                    long index = cursor.getAndIncrement();
                    if (index >= total) {
                        exhausted = true;
                        break;
                    }
                    Target target = targetOf.apply(index);
                    int port = portOf.applyAsInt(index);
                    // The guard's check once per target of this loop's run of ports (items are target-major), not per port.
                    if (target != admitted) {
                        if (!guard.admit(target)) {
                            sink.result(index, target, port, PortState.BLOCKED);
                            continue;
                        }
                        admitted = target;
                    }
                    if (!guard.waitForRate()) {
                        break;
                    }
                    // The target's own family: a dual-stack socket would carry IPv4 as mapped IPv6.
                    SocketChannel channel = SocketChannel.open(target.address() instanceof java.net.Inet4Address
                            ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
                    try {
                        channel.configureBlocking(false);
                        guard.counted();
                        if (channel.connect(new InetSocketAddress(target.address(), port))) {
                            close(channel, true);
                            sink.result(index, target, port, PortState.OPEN);
                            continue;
                        }
                        fresh.add(new Pending(index, target, port, System.nanoTime() + timeoutNanos, channel));
                        pending++;
                    } catch (IOException e) {
                        close(channel, false);
                        sink.result(index, target, port, failure(e));
                    }
                }
                for (Pending p : fresh) {
                    PortState state;
                    try {
                        if (!p.channel.finishConnect()) {
                            p.channel.register(selector, SelectionKey.OP_CONNECT, p);
                            order.add(p);
                            continue;
                        }
                        state = PortState.OPEN;
                    } catch (IOException e) {
                        state = failure(e);
                    }
                    p.done = true;
                    close(p.channel, state == PortState.OPEN);
                    pending--;
                    sink.result(p.index, p.target, p.port, state);
                }
                fresh.clear();
                if (pending == 0 && (exhausted || System.nanoTime() >= deadlineNanos)) {
                    break;
                }
                if (pending < window && !exhausted && System.nanoTime() < deadlineNanos) {
                    selector.selectNow(); // room in the window and work left: collect what is ready, then issue more
                } else {
                    long waitMs = order.isEmpty() ? 1 : Math.max(1, (order.peek().deadline - System.nanoTime()) / 1_000_000);
                    selector.select(Math.min(waitMs, 50));
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Pending p = (Pending) key.attachment();
                    PortState state;
                    try {
                        if (!p.channel.finishConnect()) {
                            continue;
                        }
                        state = PortState.OPEN;
                    } catch (IOException e) {
                        state = failure(e);
                    }
                    p.done = true;
                    key.cancel();
                    close(p.channel, state == PortState.OPEN);
                    pending--;
                    sink.result(p.index, p.target, p.port, state);
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                while (!order.isEmpty() && (order.peek().done || order.peek().deadline <= now)) {
                    Pending p = order.poll();
                    if (!p.done) {
                        p.done = true;
                        close(p.channel, false);
                        pending--;
                        sink.result(p.index, p.target, p.port, PortState.TIMEOUT);
                    }
                }
            }
            for (Pending p : fresh) {
                close(p.channel, true);
            }
            for (Pending p : order) {
                if (!p.done) {
                    close(p.channel, true);
                }
            }
        }
    }

    /**
     * What a failed connect says of the port. A reset comes only on an established connection (a refused SYN is
     * "refused"): the port accepted, then its listener dropped the connection before this loop asked, as
     * tcpwrapped services do, so it is open.
     */
    static PortState failure(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof ConnectException && message.contains("refused")) {
            return PortState.CLOSED;
        }
        return e instanceof SocketException && message.contains("reset") ? PortState.OPEN : PortState.UNREACHABLE;
    }

    /** A reset for an answered probe: no TIME_WAIT left behind by a scan of thousands of ports. */
    private static void close(SocketChannel channel, boolean reset) {
        try {
            if (reset && channel.isConnected()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            channel.close();
        } catch (IOException ignored) {
            // nothing to report about closing a probe
        }
    }
}
