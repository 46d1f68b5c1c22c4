package com.aitesting.executors.net;

import java.security.cert.X509Certificate;
import java.util.List;

/** The facts of a completed handshake: the negotiated version and suite and the chain the server sent. */
public record TlsHandshake(String protocol, String cipherSuite, List<X509Certificate> chain) {
    public TlsHandshake {
        chain = List.copyOf(chain);
    }
}
