package com.aitesting.executors.net;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A ClientHello written by hand (RFC 6101, 2246, 4346, 5246) and the server's first record read back, for what the
 * JDK's client refuses to offer under its jdk.tls.disabledAlgorithms: SSL 3.0, TLS 1.0/1.1, static RSA key exchange,
 * 3DES, RC4, DES, NULL, EXPORT and anonymous suites. The process-wide security properties stay as they are
 * (the same JVM serves the API and the webhooks). No handshake is ever completed and no key is made: the
 * server's ServerHello (the version and suite it chose) or its alert is the whole answer.
 */
public final class TlsHello {
    private static final int HANDSHAKE = 0x16;
    private static final int ALERT = 0x15;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_HELLO = 2;
    private static final int MAX_RECORD = (1 << 14) + 2048;
    private static final int SSL3 = 0x0300;
    private static final int TLS10 = 0x0301;
    private static final int TLS12 = 0x0303;
    private static final Map<String, Integer> VERSIONS = Map.of("SSLv3", SSL3, "TLSv1", TLS10, "TLSv1.1", 0x0302, "TLSv1.2", TLS12);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A suite this ClientHello can offer, the versions that may negotiate it (IANA names and codes). */
    private record Suite(String name, int code, int first, int last) {}

    private static final List<Suite> SUITES = List.of(
            new Suite("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", 0xC014, TLS10, TLS12),
            new Suite("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", 0xC00A, TLS10, TLS12),
            new Suite("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xC013, TLS10, TLS12),
            new Suite("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xC009, TLS10, TLS12),
            new Suite("TLS_DHE_RSA_WITH_AES_256_CBC_SHA", 0x0039, SSL3, TLS12),
            new Suite("TLS_DHE_RSA_WITH_AES_128_CBC_SHA", 0x0033, SSL3, TLS12),
            new Suite("TLS_DHE_DSS_WITH_AES_256_CBC_SHA", 0x0038, SSL3, TLS12),
            new Suite("TLS_DHE_DSS_WITH_AES_128_CBC_SHA", 0x0032, SSL3, TLS12),
            new Suite("TLS_RSA_WITH_AES_256_GCM_SHA384", 0x009D, TLS12, TLS12),
            new Suite("TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009C, TLS12, TLS12),
            new Suite("TLS_RSA_WITH_AES_256_CBC_SHA256", 0x003D, TLS12, TLS12),
            new Suite("TLS_RSA_WITH_AES_128_CBC_SHA256", 0x003C, TLS12, TLS12),
            new Suite("TLS_RSA_WITH_AES_256_CBC_SHA", 0x0035, SSL3, TLS12),
            new Suite("TLS_RSA_WITH_AES_128_CBC_SHA", 0x002F, SSL3, TLS12),
            new Suite("TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", 0xC012, TLS10, TLS12),
            new Suite("TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", 0xC008, TLS10, TLS12),
            new Suite("TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", 0x0016, SSL3, TLS12),
            new Suite("TLS_RSA_WITH_3DES_EDE_CBC_SHA", 0x000A, SSL3, TLS12),
            new Suite("TLS_ECDHE_RSA_WITH_RC4_128_SHA", 0xC011, TLS10, TLS12),
            new Suite("TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", 0xC007, TLS10, TLS12),
            new Suite("TLS_RSA_WITH_RC4_128_SHA", 0x0005, SSL3, TLS12),
            new Suite("TLS_RSA_WITH_RC4_128_MD5", 0x0004, SSL3, TLS12),
            // SSL 3.0 takes the suites of its own era (RFC 6101), never the ECC ones (RFC 4492 is TLS only);
            // single DES is gone from TLS 1.2 (RFC 5246 Appendix C), EXPORT from TLS 1.1 (RFC 4346 Appendix A.5)
            new Suite("TLS_DHE_RSA_WITH_DES_CBC_SHA", 0x0015, SSL3, 0x0302),
            new Suite("TLS_RSA_WITH_DES_CBC_SHA", 0x0009, SSL3, 0x0302),
            new Suite("TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", 0x0008, SSL3, TLS10),
            new Suite("TLS_RSA_EXPORT_WITH_RC4_40_MD5", 0x0003, SSL3, TLS10),
            new Suite("TLS_DH_anon_WITH_AES_256_CBC_SHA", 0x003A, SSL3, TLS12),
            new Suite("TLS_DH_anon_WITH_AES_128_CBC_SHA", 0x0034, SSL3, TLS12),
            new Suite("TLS_ECDH_anon_WITH_AES_256_CBC_SHA", 0xC019, TLS10, TLS12),
            new Suite("TLS_ECDH_anon_WITH_AES_128_CBC_SHA", 0xC018, TLS10, TLS12),
            new Suite("TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", 0x001B, SSL3, TLS12),
            new Suite("TLS_DH_anon_WITH_RC4_128_MD5", 0x0018, SSL3, TLS12),
            new Suite("TLS_ECDHE_RSA_WITH_NULL_SHA", 0xC010, TLS10, TLS12),
            new Suite("TLS_ECDHE_ECDSA_WITH_NULL_SHA", 0xC006, TLS10, TLS12),
            new Suite("TLS_RSA_WITH_NULL_SHA256", 0x003B, TLS12, TLS12),
            new Suite("TLS_RSA_WITH_NULL_SHA", 0x0002, SSL3, TLS12),
            new Suite("TLS_RSA_WITH_NULL_MD5", 0x0001, SSL3, TLS12));

    private static final Map<Integer, String> SUITE_NAMES = new HashMap<>();
    private static final Map<String, Integer> SUITE_CODES = new HashMap<>();

    static {
        for (Suite suite : SUITES) {
            SUITE_NAMES.put(suite.code(), suite.name());
            SUITE_CODES.put(suite.name(), suite.code());
        }
    }

    private TlsHello() {}

    /** The server's answer to a ClientHello. */
    public sealed interface Answer {}

    /** The server chose {@code protocol} and {@code cipherSuite} (a name this class knows, else its code in hex). */
    public record ServerHello(String protocol, String cipherSuite) implements Answer {}

    /** The server refused with a TLS alert (RFC 5246 §7.2 description code). */
    public record Alert(int description) implements Answer {}

    /** The first record was neither: the server does not answer TLS (or not this hello). */
    public record NotTls() implements Answer {}

    /** The versions this ClientHello can offer, newest first. */
    public static List<String> versions() {
        return VERSIONS.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
    }

    /** Whether this ClientHello can offer {@code protocol}. */
    public static boolean speaks(String protocol) {
        return VERSIONS.containsKey(protocol);
    }

    /** The suites this ClientHello can offer with {@code protocol}, strongest first; empty for a version it does not speak. */
    public static List<String> suitesFor(String protocol) {
        Integer version = VERSIONS.get(protocol);
        if (version == null) {
            return List.of();
        }
        return SUITES.stream().filter(s -> s.first() <= version && version <= s.last()).map(Suite::name).toList();
    }

    /**
     * Writes a ClientHello of {@code offer} (one version, the suites given, else all of {@link #suitesFor} it)
     * and reads the server's first record. Throws when the connection ends, resets or times out before a whole
     * record arrived: no answer, which proves nothing.
     */
    public static Answer exchange(Connection connection, TlsOffer offer) throws IOException {
        if (offer.protocols().size() != 1 || !speaks(offer.protocols().getFirst())) {
            throw new IllegalArgumentException("one version of " + VERSIONS.keySet() + " per hello: " + offer.protocols());
        }
        String protocol = offer.protocols().getFirst();
        List<String> suites = offer.cipherSuites().isEmpty() ? suitesFor(protocol) : offer.cipherSuites();
        connection.out().write(clientHello(VERSIONS.get(protocol), suites, offer.serverName()));
        connection.out().flush();
        return firstRecord(connection.in());
    }

    private static byte[] clientHello(int version, List<String> suites, String serverName) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        u16(body, 2 * suites.size() + 2);
        for (String suite : suites) {
            Integer code = SUITE_CODES.get(suite);
            if (code == null) {
                throw new IllegalArgumentException("no code for " + suite);
            }
            u16(body, code);
        }
        u16(body, 0x00FF); // TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746): some servers refuse a hello without it
        body.write(1);
        body.write(0); // compression: null only
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        if (serverName != null) {
            byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream list = new ByteArrayOutputStream();
            list.write(0); // host_name
            u16(list, name.length);
            list.writeBytes(name);
            extension(extensions, 0x0000, prefixed16(list.toByteArray()));
        }
        // ECDHE suites need the curves (RFC 8422 §5.1): x25519, secp256r1, secp384r1, secp521r1; points uncompressed
        extension(extensions, 0x000A, prefixed16(new byte[] {0x00, 0x1D, 0x00, 0x17, 0x00, 0x18, 0x00, 0x19}));
        extension(extensions, 0x000B, new byte[] {0x01, 0x00});
        if (version == TLS12) {
            // RFC 5246 §7.4.1.4.1: without it a TLS 1.2 server may only assume SHA-1 signatures
            extension(extensions, 0x000D, prefixed16(new byte[] {0x04, 0x03, 0x05, 0x03, 0x06, 0x03, 0x08, 0x04, 0x08, 0x05,
                    0x08, 0x06, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01, 0x02, 0x01, 0x02, 0x03, 0x04, 0x02, 0x02, 0x02}));
        }
        if (version > SSL3) {
            // SSL 3.0 has no extensions (RFC 6101): its servers predate them
            u16(body, extensions.size());
            body.writeBytes(extensions.toByteArray());
        }
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(HANDSHAKE);
        // the record version of a first hello, as clients send it for servers that check it
        u16(record, Math.min(version, TLS10));
        u16(record, 4 + body.size());
        record.write(CLIENT_HELLO);
        record.write(body.size() >>> 16);
        u16(record, body.size() & 0xFFFF);
        record.writeBytes(body.toByteArray());
        return record.toByteArray();
    }

    private static Answer firstRecord(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int type = data.readUnsignedByte();
        data.readUnsignedShort(); // record version: the ServerHello's own version is the one that counts
        int length = data.readUnsignedShort();
        if ((type != HANDSHAKE && type != ALERT) || length > MAX_RECORD) {
            return new NotTls();
        }
        byte[] fragment = new byte[length];
        data.readFully(fragment);
        if (type == ALERT) {
            return length >= 2 ? new Alert(fragment[1] & 0xFF) : new NotTls();
        }
        // type(1) length(3) version(2) random(32) session id length(1): then the id, the suite(2), compression(1)
        if (length < 39 || fragment[0] != SERVER_HELLO) {
            return new NotTls();
        }
        int version = u16(fragment, 4);
        int suiteAt = 38 + 1 + (fragment[38] & 0xFF);
        if (suiteAt + 2 > length) {
            return new NotTls();
        }
        return new ServerHello(protocolName(version), suiteName(u16(fragment, suiteAt)));
    }

    private static String protocolName(int version) {
        for (Map.Entry<String, Integer> known : VERSIONS.entrySet()) {
            if (known.getValue() == version) {
                return known.getKey();
            }
        }
        return String.format(Locale.ROOT, "0x%04X", version);
    }

    private static String suiteName(int code) {
        String name = SUITE_NAMES.get(code);
        return name != null ? name : String.format(Locale.ROOT, "0x%04X", code);
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static byte[] prefixed16(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xFF);
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }
}
