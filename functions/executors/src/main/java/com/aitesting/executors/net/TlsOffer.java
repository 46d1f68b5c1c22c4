package com.aitesting.executors.net;

import java.util.List;

/**
 * What the client offers in a handshake: protocol versions and cipher suites (empty = the JDK's defaults)
 * and the server name to send as SNI (null for none, e.g. an address target).
 */
public record TlsOffer(String serverName, List<String> protocols, List<String> cipherSuites) {
    public TlsOffer {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    public static TlsOffer defaults(String serverName) {
        return new TlsOffer(serverName, List.of(), List.of());
    }
}
