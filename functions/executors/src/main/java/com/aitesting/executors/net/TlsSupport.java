package com.aitesting.executors.net;

import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The client TLS context of the probes. It accepts any chain during the handshake on purpose: a check must
 * see an expired or self-signed certificate to report it; the tls package judges the chain afterwards
 * against the trust anchors. Nothing is ever sent over such a connection beyond the checks' own requests.
 */
final class TlsSupport {
    private static final X509TrustManager RECORD_ONLY = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    static final SSLContext CONTEXT = context();

    private static SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {RECORD_ONLY}, null);
            return context;
        } catch (NoSuchAlgorithmException | java.security.KeyManagementException e) {
            throw new IllegalStateException("every JDK has a TLS context", e);
        }
    }

    /** The protocol versions this JDK can offer (enabled by default or merely supported), newest first. */
    static List<String> offerableProtocols() {
        SSLParameters supported = CONTEXT.getSupportedSSLParameters();
        return Arrays.stream(supported.getProtocols())
                .filter(p -> p.startsWith("TLS"))
                .sorted((a, b) -> b.compareTo(a))
                .toList();
    }

    /** The cipher suites this JDK offers by default (what a handshake can actually negotiate). */
    static List<String> offerableSuites() {
        return Arrays.stream(CONTEXT.getDefaultSSLParameters().getCipherSuites())
                .filter(s -> !s.startsWith("TLS_EMPTY_RENEGOTIATION"))
                .toList();
    }

    private TlsSupport() {}
}
