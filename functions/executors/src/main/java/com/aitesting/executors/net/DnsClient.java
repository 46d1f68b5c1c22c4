package com.aitesting.executors.net;

import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Queries the one resolver the platform is configured with (DNS_RESOLVER=address:port, else the system's
 * first name server). CNAME chains are followed by hand with a fixed budget of queries per lookup: dnsjava's
 * own LookupSession can be made to re-query forever by malformed CNAME answers.
 */
public final class DnsClient {
    /** Queries one lookup may send, CNAME hops included. */
    public static final int MAX_QUERIES_PER_LOOKUP = 8;

    private final InetSocketAddress server;
    private final Duration timeout;

    public DnsClient(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    /** {@code resolver} is "address:port" (an IP literal, never a name), "[v6]:port" or null for the system's. */
    public static DnsClient configured(String resolver, Duration timeout) {
        if (resolver == null || resolver.isBlank()) {
            InetSocketAddress system = ResolverConfig.getCurrentConfig().server();
            return new DnsClient(system, timeout);
        }
        String value = resolver.strip();
        int colon = value.lastIndexOf(':');
        String host = colon > 0 && !value.endsWith("]") ? value.substring(0, colon) : value;
        int port = 53;
        if (colon > 0 && !value.endsWith("]")) {
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("DNS_RESOLVER must be address:port, e.g. 127.0.0.1:5353: " + resolver);
            }
        }
        InetAddress address = Addresses.literal(host).orElseThrow(() ->
                new IllegalArgumentException("DNS_RESOLVER must be an IP address (and port), not a name: " + resolver));
        return new DnsClient(new InetSocketAddress(address, port), timeout);
    }

    public InetSocketAddress server() {
        return server;
    }

    /**
     * What the resolver said of a name: its records of the type asked (none for no data), whether the name
     * exists at all (false for NXDOMAIN, where a check that the name lacks something would report a name
     * that is not there), and the names its CNAME chain went through, in order (lower case, no final dot).
     */
    public record Answer(List<Record> records, boolean nameExists, List<String> aliases) {
        public Answer {
            records = List.copyOf(records);
            aliases = List.copyOf(aliases);
        }

        public Answer(List<Record> records, boolean nameExists) {
            this(records, nameExists, List.of());
        }
    }

    /** A name's A and AAAA addresses, and every name its CNAME chains went through on the way to them. */
    public record Resolution(List<InetAddress> addresses, List<String> aliases) {
        public Resolution {
            addresses = List.copyOf(addresses);
            aliases = List.copyOf(aliases);
        }
    }

    /** The answers of {@code type} for {@code name}, after following CNAMEs; empty for NXDOMAIN or no data. */
    public List<Record> query(String name, int type) throws DnsException {
        return answer(name, type).records();
    }

    /** As {@link #query}, telling NXDOMAIN apart from a name without records of the type. */
    public Answer answer(String name, int type) throws DnsException {
        Name current = name(name);
        List<String> aliases = new ArrayList<>();
        for (int queries = 0; queries < MAX_QUERIES_PER_LOOKUP; queries++) {
            Message response = send(current, type);
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return new Answer(List.of(), false, aliases);
            }
            if (rcode != Rcode.NOERROR) {
                throw new DnsException(name + " " + Type.string(type) + ": the resolver answered " + Rcode.string(rcode));
            }
            List<Record> matching = new ArrayList<>();
            Name alias = null;
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record.getType() == type && record.getName().equals(current)) {
                    matching.add(record);
                } else if (record instanceof CNAMERecord cname && cname.getName().equals(current)) {
                    alias = cname.getTarget();
                }
            }
            if (alias != null) {
                aliases.add(alias.toString(true).toLowerCase(Locale.ROOT));
            }
            // A resolver usually answers the whole chain at once: take the records of the chain's end.
            if (matching.isEmpty() && alias != null) {
                for (Record record : response.getSection(Section.ANSWER)) {
                    if (record.getType() == type && record.getName().equals(alias)) {
                        matching.add(record);
                    }
                }
            }
            if (!matching.isEmpty() || alias == null) {
                return new Answer(matching, true, aliases);
            }
            current = alias;
        }
        throw new DnsException(name + ": more than " + MAX_QUERIES_PER_LOOKUP + " queries (a CNAME loop or a very long chain)");
    }

    /** The A and AAAA addresses of {@code name}, with the aliases they were reached through. */
    public Resolution resolve(String name) throws DnsException {
        List<InetAddress> addresses = new ArrayList<>();
        Set<String> aliases = new LinkedHashSet<>(); // the A and the AAAA lookups follow the same chain
        Answer v4 = answer(name, Type.A);
        for (Record record : v4.records()) {
            addresses.add(((ARecord) record).getAddress());
        }
        Answer v6 = answer(name, Type.AAAA);
        for (Record record : v6.records()) {
            addresses.add(((AAAARecord) record).getAddress());
        }
        aliases.addAll(v4.aliases());
        aliases.addAll(v6.aliases());
        return new Resolution(addresses, List.copyOf(aliases));
    }

    /**
     * One query over UDP; a truncated answer is asked again over a TCP connection of its own. dnsjava's own
     * TCP retry shares one connection per resolver address across the whole process, so one slow answer (a
     * name server dripping its reply) would hold every other lookup queued behind it, any run's. Both legs
     * share the query's one timeout: the chunk rule counts a query as one (before, a truncated answer late in
     * the timeout gave the TCP retry a whole timeout of its own).
     */
    private Message send(Name name, int type) throws DnsException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        resolver.setIgnoreTruncation(true);
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        try {
            Message response = resolver.send(query);
            return response.getHeader().getFlag(Flags.TC) ? overTcp(query, deadline) : response;
        } catch (IOException e) {
            throw new DnsException(name + " " + Type.string(type) + ": no answer from the resolver " + server
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code query} over its own TCP connection, all of it before {@code deadline}. */
    private Message overTcp(Message query, long deadline) throws IOException {
        try (Socket socket = NetworkGuard.direct()) { // the resolver itself, never a JVM proxy
            socket.connect(server, (int) millisLeft(deadline));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] wire = query.toWire();
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] length = readFully(socket, in, 2, deadline);
            byte[] message = readFully(socket, in, ((length[0] & 0xff) << 8) | (length[1] & 0xff), deadline);
            Message response = new Message(message);
            if (response.getHeader().getID() != query.getHeader().getID()) {
                throw new IOException("the TCP answer is not for this query");
            }
            return response;
        }
    }

    private static byte[] readFully(Socket socket, InputStream in, int size, long deadline) throws IOException {
        byte[] bytes = new byte[size];
        int read = 0;
        while (read < size) {
            socket.setSoTimeout((int) millisLeft(deadline));
            int n = in.read(bytes, read, size - read);
            if (n < 0) {
                throw new EOFException("the resolver closed the TCP connection mid-answer");
            }
            read += n;
        }
        return bytes;
    }

    /** What is left of the query's time, at least 1 ms (0 would mean no timeout to a socket); none left throws. */
    private static long millisLeft(long deadline) throws SocketTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("the TCP answer did not arrive in time");
        }
        return left;
    }

    static Name name(String text) throws DnsException {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            throw new DnsException("not a DNS name: " + text);
        }
    }

    /** A lookup that failed (no answer, SERVFAIL, a loop): the name is unresolvable for this step. */
    public static final class DnsException extends Exception {
        public DnsException(String message) {
            super(message);
        }
    }
}
