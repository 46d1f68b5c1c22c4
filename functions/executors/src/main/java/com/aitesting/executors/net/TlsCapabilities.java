package com.aitesting.executors.net;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What the probes can offer: the versions and suites of this JDK's TLS client, and beyond them what only a
 * hand-built {@link TlsHello} can (what the JDK's security policy forbids its client).
 */
public final class TlsCapabilities {
    private static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

    private TlsCapabilities() {}

    /**
     * Every version a probe can ask, newest first: the TLS versions the JDK knows (some may be disabled: see
     * {@link #canOffer}) and those only a hand-built {@link TlsHello} offers (SSL 3.0).
     */
    public static List<String> protocols() {
        return Stream.concat(TlsSupport.offerableProtocols().stream(), TlsHello.versions().stream()).distinct()
                .sorted(Comparator.reverseOrder()).toList();
    }

    /** False when the JDK's security policy (jdk.tls.disabledAlgorithms) forbids offering {@code protocol}. */
    public static boolean canOffer(String protocol) {
        SSLEngine engine = TlsSupport.CONTEXT.createSSLEngine();
        engine.setUseClientMode(true);
        try {
            engine.setEnabledProtocols(new String[] {protocol});
        } catch (IllegalArgumentException e) {
            return false;
        }
        // The policy check happens at handshake time; the default parameters list only the allowed versions.
        return List.of(TlsSupport.CONTEXT.getDefaultSSLParameters().getProtocols()).contains(protocol);
    }

    /** The suites a JDK handshake of {@code protocol} can negotiate; none when it cannot offer the version. */
    public static List<String> suitesFor(String protocol) {
        if (!canOffer(protocol)) {
            return List.of();
        }
        boolean tls13 = protocol.equals("TLSv1.3");
        return TlsSupport.offerableSuites().stream().filter(s -> TLS13_SUITES.contains(s) == tls13).toList();
    }

    /** Whether a server can be asked for {@code protocol}: by the JDK's client, else by a hand-built {@link TlsHello}. */
    public static boolean canProbe(String protocol) {
        return canOffer(protocol) || TlsHello.speaks(protocol);
    }

    /** The suites of {@code protocol} that only a hand-built {@link TlsHello} can offer: those the JDK's client will not. */
    public static List<String> handBuiltSuitesFor(String protocol) {
        List<String> jdk = suitesFor(protocol);
        return TlsHello.suitesFor(protocol).stream().filter(s -> !jdk.contains(s)).toList();
    }

    /** The JDK's CA certificates as a key store, for judging chains offline. */
    public static KeyStore jdkTrustAnchors() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("ca-" + i++, ca);
                    }
                }
            }
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("the JDK's CA certificates cannot be read", e);
        }
    }
}
