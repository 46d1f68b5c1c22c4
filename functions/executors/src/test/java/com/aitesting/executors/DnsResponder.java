package com.aitesting.executors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server on one loopback address, UDP and TCP on the same port: A, AAAA, CNAME, NS and
 * TXT records from a map, AXFR answered for the zones listed as transferable and REFUSED for the rest.
 */
final class DnsResponder implements AutoCloseable {
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> transferable = ConcurrentHashMap.newKeySet();
    private final Set<Name> drippedOverTcp = ConcurrentHashMap.newKeySet();
    private final Map<Name, java.util.function.Function<Message, List<Message>>> scriptedTransfers = new ConcurrentHashMap<>();
    private final Map<Name, HostileUdp> hostileUdp = new ConcurrentHashMap<>();
    private final Set<Name> silentOverTcp = ConcurrentHashMap.newKeySet();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    final AtomicInteger axfrRequests = new AtomicInteger();
    final AtomicInteger queries = new AtomicInteger();

    DnsResponder(String address) {
        try {
            InetAddress bind = InetAddress.getByAddress(Loopback.bytes(address));
            tcp = new ServerSocket();
            tcp.bind(new InetSocketAddress(bind, 0));
            udp = new DatagramSocket(new InetSocketAddress(bind, tcp.getLocalPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::serveUdp);
        Thread.ofVirtual().start(this::serveTcp);
    }

    int port() {
        return tcp.getLocalPort();
    }

    String resolverSetting() {
        return udp.getLocalAddress().getHostAddress() + ":" + port();
    }

    DnsResponder a(String name, String address) {
        try {
            return add(new ARecord(name(name), DClass.IN, 60, InetAddress.getByAddress(Loopback.bytes(address))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An AAAA record; {@code address} is an IPv6 literal (parsed without a lookup), never connected to by a test. */
    DnsResponder aaaa(String name, String address) {
        try {
            return add(new AAAARecord(name(name), DClass.IN, 60, InetAddress.getByAddress(Address.toByteArray(address, Address.IPv6))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DnsResponder cname(String name, String target) {
        return add(new CNAMERecord(name(name), DClass.IN, 60, name(target)));
    }

    DnsResponder ns(String zone, String server) {
        return add(new NSRecord(name(zone), DClass.IN, 60, name(server)));
    }

    DnsResponder txt(String name, String text) {
        return add(new TXTRecord(name(name), DClass.IN, 60, text));
    }

    /** The TCP answers about {@code name} are sent one byte every 200 ms (a slow or hostile name server). */
    DnsResponder dripOverTcp(String name) {
        drippedOverTcp.add(name(name));
        return this;
    }

    /** How UDP answers about a name are spoiled: sent after {@code delay}, rewritten (a wrong id, another name). */
    private record HostileUdp(java.time.Duration delay, java.util.function.UnaryOperator<Message> rewrite) {}

    /** UDP answers about {@code name} are made by {@code rewrite} of the true one, and sent after {@code delay}. */
    DnsResponder hostileUdp(String name, java.time.Duration delay, java.util.function.UnaryOperator<Message> rewrite) {
        hostileUdp.put(name(name), new HostileUdp(delay, rewrite));
        return this;
    }

    /** TCP queries about {@code name} are read and never answered (the connection stays open). */
    DnsResponder silentOverTcp(String name) {
        silentOverTcp.add(name(name));
        return this;
    }

    DnsResponder transferable(String zone) {
        transferable.add(name(zone));
        return this;
    }

    /** The AXFR of {@code zone} answered with whatever {@code reply} makes of the query (a hostile server). */
    DnsResponder transferReply(String zone, java.util.function.Function<Message, List<Message>> reply) {
        scriptedTransfers.put(name(zone), reply);
        return this;
    }

    private DnsResponder add(Record record) {
        records.computeIfAbsent(record.getName(), n -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                HostileUdp hostile = hostileUdp.get(query.getQuestion().getName());
                java.net.SocketAddress client = packet.getSocketAddress();
                if (hostile == null) {
                    byte[] answer = answer(query).toWire(512);
                    udp.send(new DatagramPacket(answer, answer.length, client));
                    continue;
                }
                byte[] answer = hostile.rewrite().apply(answer(query)).toWire(512);
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(hostile.delay());
                        udp.send(new DatagramPacket(answer, answer.length, client));
                    } catch (IOException | InterruptedException ignored) {
                        // the test ended
                    }
                });
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket socket = tcp.accept();
                Thread.ofVirtual().start(() -> {
                    try (socket) {
                        DataInputStream in = new DataInputStream(socket.getInputStream());
                        byte[] wire = new byte[in.readUnsignedShort()];
                        in.readFully(wire);
                        Message query = new Message(wire);
                        if (silentOverTcp.contains(query.getQuestion().getName())) {
                            socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                            return;
                        }
                        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                        boolean drip = drippedOverTcp.contains(query.getQuestion().getName());
                        for (Message message : tcpAnswers(query)) {
                            byte[] bytes = message.toWire();
                            java.io.ByteArrayOutputStream framed = new java.io.ByteArrayOutputStream();
                            new DataOutputStream(framed).writeShort(bytes.length);
                            framed.write(bytes);
                            for (byte b : framed.toByteArray()) {
                                out.write(b);
                                if (drip) {
                                    out.flush();
                                    Thread.sleep(200);
                                }
                            }
                        }
                        out.flush();
                    } catch (IOException | InterruptedException ignored) {
                        // a client that went away
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private List<Message> tcpAnswers(Message query) {
        Record question = query.getQuestion();
        if (question.getType() != Type.AXFR) {
            return List.of(answer(query));
        }
        axfrRequests.incrementAndGet();
        if (scriptedTransfers.containsKey(question.getName())) {
            return scriptedTransfers.get(question.getName()).apply(query);
        }
        Message response = reply(query);
        if (!transferable.contains(question.getName())) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return List.of(response);
        }
        Name zone = question.getName();
        SOARecord soa = new SOARecord(zone, DClass.IN, 60, name("ns1." + zone), name("admin." + zone), 1, 60, 60, 60, 60);
        response.addRecord(soa, Section.ANSWER);
        records.forEach((owner, list) -> {
            if (owner.subdomain(zone)) {
                list.forEach(r -> response.addRecord(r, Section.ANSWER));
            }
        });
        response.addRecord(soa, Section.ANSWER);
        return List.of(response);
    }

    private Message answer(Message query) {
        queries.incrementAndGet();
        Record question = query.getQuestion();
        Message response = reply(query);
        Name name = question.getName();
        List<Record> owned = records.getOrDefault(name, List.of());
        List<Record> answers = new ArrayList<>();
        for (Record record : owned) {
            if (record.getType() == question.getType() || record.getType() == Type.CNAME) {
                answers.add(record);
            }
        }
        if (owned.isEmpty() && records.keySet().stream().noneMatch(n -> n.subdomain(name))) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        answers.forEach(r -> response.addRecord(r, Section.ANSWER));
        return response;
    }

    static Message reply(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        return response;
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // teardown
        }
    }
}
