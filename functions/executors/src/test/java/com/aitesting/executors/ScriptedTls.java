package com.aitesting.executors;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The first flight of a TLS server the test JVM's own TLS cannot be (JSSE will not serve TLS 1.0/1.1, static
 * RSA, 3DES or RC4 either), as a {@link RawPeer} handler: it reads a ClientHello and answers with the record a
 * server of {@code versions} and {@code suites} (codes, its preference first) sends back (RFC 5246 §7.4.1.2,
 * Appendix E.1): a ServerHello of the highest version it shares at most the client's, choosing its first suite
 * the client offers; else a fatal alert, protocol_version (70) or handshake_failure (40). Then it hangs up,
 * as a server does when the client goes no further.
 */
final class ScriptedTls {
    private ScriptedTls() {}

    /** A server that takes any suite: it chooses the client's first (the renegotiation SCSV aside). */
    static RawPeer.Handler serverOfAnySuite(Set<Integer> versions) {
        return server(versions, null);
    }

    /** {@code suites} null: any suite the client offers. */
    static RawPeer.Handler server(Set<Integer> versions, List<Integer> suites) {
        return client -> {
            DataInputStream in = new DataInputStream(client.getInputStream());
            if (in.readUnsignedByte() != 0x16) {
                return;
            }
            in.readUnsignedShort();
            byte[] record = new byte[in.readUnsignedShort()];
            in.readFully(record);
            // handshake type(1) length(3), client_version(2), random(32), session id, cipher suites
            int clientVersion = u16(record, 4);
            int at = 38 + 1 + (record[38] & 0xFF);
            int suitesLength = u16(record, at);
            List<Integer> offered = new ArrayList<>();
            for (int i = at + 2; i < at + 2 + suitesLength; i += 2) {
                offered.add(u16(record, i));
            }
            int version = versions.stream().filter(v -> v <= clientVersion).max(Integer::compare).orElse(-1);
            offered.remove(Integer.valueOf(0x00FF));
            Integer suite = (suites == null ? offered : suites).stream().filter(offered::contains).findFirst().orElse(null);
            byte[] answer = version < 0 ? alert(70) : suite == null ? alert(40) : serverHello(version, suite);
            client.getOutputStream().write(answer);
            client.getOutputStream().flush();
        };
    }

    private static byte[] alert(int description) {
        return new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, (byte) description};
    }

    private static byte[] serverHello(int version, int suite) {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        hello.write(0x02);
        hello.write(0);
        hello.write(0);
        hello.write(2 + 32 + 1 + 2 + 1);
        u16(hello, version);
        hello.writeBytes(new byte[32]);
        hello.write(0); // no session id
        u16(hello, suite);
        hello.write(0); // null compression
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        u16(record, version);
        u16(record, hello.size());
        record.writeBytes(hello.toByteArray());
        return record.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xFF);
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }
}
