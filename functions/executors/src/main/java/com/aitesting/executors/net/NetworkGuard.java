package com.aitesting.executors.net;

import com.aitesting.core.TcpPort;
import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.execution.StopSignal;
import com.aitesting.core.scope.Cidr;
import com.aitesting.core.scope.HostPattern;
import com.aitesting.core.scope.Ipv4Embedding;
import com.aitesting.core.scope.PlatformDenyList;
import com.aitesting.core.scope.Scope;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.xbill.DNS.Record;

/**
 * The one way executors reach the network (an architecture test forbids every other). Names are resolved
 * here, through the configured resolver; each connection is checked at connect time on the address it will
 * use, and made to exactly that address (no second lookup). An address may be probed when:
 * <ol>
 *   <li>the platform deny list does not name it (it wins over any tenant scope), and</li>
 *   <li>no out_of_scope entry matches it or the name it was reached by (out_of_scope always wins), and</li>
 *   <li>an in-scope CIDR holds it, or it was reached by (or resolved from) an in-scope domain.</li>
 * </ol>
 * An IPv6 address that embeds an IPv4 address ({@link Ipv4Embedding}) is judged as that IPv4 address: the deny list
 * and rule 3's CIDRs see the IPv4 address, so no IPv6 scope entry admits it; one without a fixed IPv4 place (Teredo,
 * local-use NAT64) is denied. Refusing every embedded form instead would break scans behind DNS64/NAT64, where
 * every IPv4-only name resolves to 64:ff9b::a.b.c.d.
 * A refusal is never silent: it is counted and reported (target, resolved address, rule). Every connect
 * waits for the step's rate limiter; a stop closes every connection in flight.
 */
public final class NetworkGuard {
    public static final String OUT_OF_SCOPE = "out_of_scope";
    public static final String NOT_IN_SCOPE = "not_in_scope";
    /** A port outside the TCP range: nothing to connect to, refused like any other rule. */
    public static final String INVALID_PORT = "invalid_port";
    public static final String UNRESOLVABLE = "unresolvable";
    /** A name's addresses past {@link #MAX_ADDRESSES_PER_NAME}: not probed, and said so. */
    public static final String ADDRESS_LIMIT = "address_limit";
    /**
     * Addresses one name stands for at most. A round-robin or CDN name has a handful; one DNS answer over TCP
     * can carry thousands, each then probed on every port of a scan.
     */
    public static final int MAX_ADDRESSES_PER_NAME = 32;
    /** At most this many selector loops per scan, each with one connect waiting for the rate limiter at a time. */
    public static final int SCAN_LOOPS = 4;

    private final Scope scope;
    private final List<Cidr> inScope;
    private final List<Cidr> excluded;
    private final List<HostPattern> excludedHosts;
    private final PlatformDenyList denyList;
    private final RateLimiter rateLimiter;
    private final DnsClient dns;
    private final Consumer<ScopeRefusal> refusals;
    private final StopSignal stop;
    private final int refusalEvents;

    /** Addresses that in-scope names resolved to: in scope by rule 3 even when probed by address. */
    private final Set<InetAddress> resolvedInScope = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, Optional<String>> addressRules = new ConcurrentHashMap<>();
    private final Set<ScopeRefusal> reported = ConcurrentHashMap.newKeySet();
    private final Set<Socket> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong blocked = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicInteger reportedCount = new AtomicInteger();

    public NetworkGuard(Scope scope, GuardSettings settings, DnsClient dns, Consumer<ScopeRefusal> refusals, StopSignal stop) {
        this.scope = scope;
        this.inScope = scope.inScopeCidrs();
        this.excluded = scope.outOfScope().stream().filter(Cidr.class::isInstance).map(Cidr.class::cast).toList();
        this.excludedHosts = scope.outOfScope().stream().filter(HostPattern.class::isInstance).map(HostPattern.class::cast).toList();
        this.denyList = PlatformDenyList.of(settings.allowLoopback(), settings.ownNetwork());
        this.rateLimiter = new RateLimiter(settings.probesPerSecond());
        this.dns = dns;
        this.refusals = refusals;
        this.stop = stop;
        this.refusalEvents = settings.refusalEventsPerStep();
        stop.onStop(this::closeInFlight);
    }

    /**
     * The probe targets {@code hostOrAddress} stands for: an address literal as itself, a name by what the
     * resolver answers. Each refused address is reported; an unresolvable name too.
     */
    public List<Target> targets(String hostOrAddress) {
        Optional<InetAddress> literal = Addresses.literal(hostOrAddress);
        if (literal.isPresent()) {
            return permit(null, literal.get()).stream().toList();
        }
        String host = hostOrAddress.toLowerCase(java.util.Locale.ROOT);
        if (!scope.allowsHost(host)) {
            refuse(host, null, matchesExcludedHost(host) ? OUT_OF_SCOPE : NOT_IN_SCOPE);
            return List.of();
        }
        DnsClient.Resolution resolution;
        try {
            resolution = dns.resolve(host);
        } catch (DnsClient.DnsException e) {
            refuse(host, null, UNRESOLVABLE);
            return List.of();
        }
        // An alias is the host it names: a chain through an out_of_scope name reaches that host, whatever
        // name it started from.
        Optional<String> excludedAlias = resolution.aliases().stream().filter(this::matchesExcludedHost).findFirst();
        if (excludedAlias.isPresent()) {
            refuse(excludedAlias.get(), null, OUT_OF_SCOPE);
            return List.of();
        }
        List<InetAddress> addresses = resolution.addresses();
        if (addresses.isEmpty()) {
            refuse(host, null, UNRESOLVABLE);
            return List.of();
        }
        if (addresses.size() > MAX_ADDRESSES_PER_NAME) {
            refuse(host, null, ADDRESS_LIMIT);
            addresses = addresses.subList(0, MAX_ADDRESSES_PER_NAME);
        }
        List<Target> targets = new ArrayList<>();
        for (InetAddress address : addresses) {
            // Rule 3: what an in-scope name resolves to through the configured resolver is in scope
            // (unless the deny list or an out_of_scope entry says otherwise, checked next).
            resolvedInScope.add(address);
            permit(host, address).ifPresent(targets::add);
        }
        return targets;
    }

    /** {@code address} as a target, when allowed; else the refusal is reported and empty returned. */
    public Optional<Target> target(InetAddress address) {
        return permit(null, address);
    }

    private Optional<Target> permit(String host, InetAddress address) {
        Optional<String> rule = rule(host, address);
        if (rule.isPresent()) {
            refuse(host == null ? Addresses.text(address) : host, Addresses.text(address), rule.get());
            return Optional.empty();
        }
        return Optional.of(new Target(host, address));
    }

    /** Why (host, address) may not be probed, or empty when it may. */
    private Optional<String> rule(String host, InetAddress address) {
        Optional<String> byAddress = addressRules.computeIfAbsent(address, this::addressRule);
        if (byAddress.isPresent() && !byAddress.get().equals(NOT_IN_SCOPE)) {
            return byAddress;
        }
        if (host != null && matchesExcludedHost(host)) {
            return Optional.of(OUT_OF_SCOPE);
        }
        // A name alone is not enough: the address must be one this guard resolved from an in-scope name.
        if (byAddress.isEmpty() || resolvedInScope.contains(address)) {
            return Optional.empty();
        }
        return byAddress;
    }

    private Optional<String> addressRule(InetAddress address) {
        Optional<String> denied = denyList.denying(address).map(PlatformDenyList.Rule::name);
        if (denied.isPresent()) {
            return denied;
        }
        // An address that embeds an IPv4 one (mapped, NAT64 as DNS64 answers, 6to4) reaches that IPv4 address, so only
        // the IPv4 scope admits it: an IPv6 entry such as ::/0 must not widen it. Exclusions match either spelling.
        InetAddress judged = Ipv4Embedding.carried(address).orElse(address);
        if (excluded.stream().anyMatch(b -> b.contains(judged) || b.contains(address))) {
            return Optional.of(OUT_OF_SCOPE);
        }
        if (inScope.stream().anyMatch(b -> b.contains(judged))) {
            return Optional.empty();
        }
        return Optional.of(NOT_IN_SCOPE);
    }

    private boolean matchesExcludedHost(String host) {
        return excludedHosts.stream().anyMatch(p -> p.matches(host));
    }

    private void refuse(String target, String address, String rule) {
        blocked.incrementAndGet();
        ScopeRefusal refusal = new ScopeRefusal(target, address, rule);
        if (reportedCount.get() < refusalEvents && reported.add(refusal) && reportedCount.incrementAndGet() <= refusalEvents) {
            refusals.accept(refusal);
        }
    }

    /**
     * A socket that connects to the address it is given and nowhere else: a plain {@code new Socket()} asks the
     * JVM's ProxySelector, so a proxy set by a library or by -DsocksProxyHost would receive the connection instead.
     */
    static Socket direct() {
        return new Socket(Proxy.NO_PROXY);
    }

    /** A TCP connect probe: opens, notes how the port answered, closes at once. */
    public PortState probe(Target target, int port, Duration timeout) {
        Socket socket = direct();
        PortState state = connect(target, port, timeout, socket);
        if (state == PortState.OPEN) {
            closeQuietly(socket, true);
        }
        return state;
    }

    /**
     * Opens a connection to talk over; empty (with the state) when it did not open. The connection lives at
     * most {@code lifetime} after it opened: then the guard closes it, whatever is still being read, so a
     * server that answers one byte at a time cannot hold a probe (and its chunk) past its bound.
     */
    public Opened open(Target target, int port, Duration timeout, Duration lifetime) {
        Socket socket = direct();
        PortState state = connect(target, port, timeout, socket);
        if (state != PortState.OPEN) {
            return new Opened(state, null);
        }
        ScheduledFuture<?> expiry = LIFETIMES.schedule(() -> closeQuietly(socket, true), lifetime.toNanos(), TimeUnit.NANOSECONDS);
        return new Opened(state, new Connection(target, port, socket, () -> {
            expiry.cancel(false);
            inFlight.remove(socket);
        }));
    }

    /** Closes connections that outlived their lifetime; one daemon thread for every guard of the process. */
    private static final ScheduledThreadPoolExecutor LIFETIMES = lifetimes();

    private static ScheduledThreadPoolExecutor lifetimes() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("connection-lifetimes").factory());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** The outcome of {@link #open}: a connection when the state is OPEN, else null. */
    public record Opened(PortState state, Connection connection) {}

    private PortState connect(Target target, int port, Duration timeout, Socket socket) {
        if (stop.stopped()) {
            return PortState.CANCELLED;
        }
        // The check at connect time, on the address the socket will use; a port no socket can name is the
        // guard's to refuse too (InetSocketAddress would throw), whoever computed it from what a server sent.
        Optional<String> rule = TcpPort.valid(port) ? rule(target.host(), target.address()) : Optional.of(INVALID_PORT);
        if (rule.isPresent()) {
            refuse(target.host() == null ? target.addressText() : target.host(), target.addressText(), rule.get());
            return PortState.BLOCKED;
        }
        if (!rateLimiter.acquire(stop)) {
            return PortState.CANCELLED;
        }
        inFlight.add(socket);
        if (stop.stopped()) {
            closeQuietly(socket, true);
            return PortState.CANCELLED;
        }
        connects.incrementAndGet();
        try {
            socket.connect(new InetSocketAddress(target.address(), port), (int) Math.max(1, timeout.toMillis()));
            return PortState.OPEN;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket, false);
            return stop.stopped() ? PortState.CANCELLED : PortState.TIMEOUT;
        } catch (NoRouteToHostException e) {
            closeQuietly(socket, false);
            return PortState.UNREACHABLE;
        } catch (ConnectException e) {
            closeQuietly(socket, false);
            if (stop.stopped()) {
                return PortState.CANCELLED;
            }
            String message = String.valueOf(e.getMessage());
            return message.contains("refused") ? PortState.CLOSED : PortState.UNREACHABLE;
        } catch (IOException e) {
            closeQuietly(socket, false);
            return stop.stopped() ? PortState.CANCELLED : PortState.UNREACHABLE;
        }
    }

    /** Outcome of one probe of {@link #scan}. */
    public interface ScanSink {
        void result(long index, Target target, int port, PortState state);
    }

    /**
     * TCP connect probes of work items {@code [offset, total)} (item i is {@code targetOf(i)}, {@code portOf(i)}),
     * up to {@code window} in flight, from the calling thread; stops issuing at {@code deadlineNanos} or on stop.
     * Returns the index the next chunk starts at: every item below it has its result.
     */
    public long scan(long offset, long total, java.util.function.LongFunction<Target> targetOf,
                     java.util.function.LongToIntFunction portOf, int window, Duration timeout, long deadlineNanos,
                     ScanSink sink) throws IOException {
        // One loop per core (a scan is CPU-bound in the kernel's TCP stack and the selector), sharing one cursor
        // and the window; each loop finishes the probes it started before it returns.
        int loops = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), Math.min(SCAN_LOOPS, window)));
        java.util.concurrent.atomic.AtomicLong cursor = new java.util.concurrent.atomic.AtomicLong(offset);
        List<Thread> threads = new ArrayList<>();
        List<IOException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < loops; i++) {
            int share = window / loops + (i < window % loops ? 1 : 0);
            threads.add(Thread.ofPlatform().daemon().name("connect-scan-" + i).start(() -> {
                try {
                    new ConnectScan(this).run(cursor, total, targetOf, portOf, share, timeout, deadlineNanos, sink::result);
                } catch (IOException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.stop();
                throw new IOException("interrupted while scanning", e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
        return Math.min(cursor.get(), total);
    }

    /** The connect-time check of {@link #scan}: false (and reported) when {@code target} may not be probed. */
    boolean admit(Target target) {
        Optional<String> rule = rule(target.host(), target.address());
        if (rule.isPresent()) {
            refuse(target.host() == null ? target.addressText() : target.host(), target.addressText(), rule.get());
            return false;
        }
        return true;
    }

    boolean waitForRate() {
        return rateLimiter.acquire(stop);
    }

    void counted() {
        connects.incrementAndGet();
    }

    void onStop(Runnable action) {
        stop.onStop(action);
    }

    /** Records of {@code type} for {@code name}, from the configured resolver. */
    public List<Record> lookup(String name, int type) throws DnsClient.DnsException {
        return answer(name, type).records();
    }

    /** As {@link #lookup}, telling a name that does not exist (NXDOMAIN) apart from one without such records. */
    public DnsClient.Answer answer(String name, int type) throws DnsClient.DnsException {
        if (stop.stopped()) {
            return new DnsClient.Answer(List.of(), true);
        }
        return dns.answer(name, type);
    }

    /** Counts of this step so far: refusals and connection attempts. */
    public long blockedCount() {
        return blocked.get();
    }

    public long connectCount() {
        return connects.get();
    }

    public boolean stopped() {
        return stop.stopped();
    }

    private void closeInFlight() {
        for (Socket socket : inFlight) {
            closeQuietly(socket, true);
        }
    }

    /** A reset instead of a FIN for probes: no TIME_WAIT left behind by a scan of thousands of ports. */
    private void closeQuietly(Socket socket, boolean reset) {
        try {
            if (reset && socket.isConnected() && !socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException ignored) {
            // nothing to report about closing a probe
        } finally {
            inFlight.remove(socket);
        }
    }
}
