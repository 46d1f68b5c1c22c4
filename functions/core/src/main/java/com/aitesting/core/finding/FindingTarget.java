package com.aitesting.core.finding;

import com.aitesting.core.Storable;
import com.aitesting.core.TcpPort;

/**
 * What a finding is about. Each part is null where it does not apply: an open port has an address and a
 * port (and the host name it was reached by, if any); a missing HTTP header has a url too.
 */
public record FindingTarget(String host, String address, Integer port, String url) {
    public FindingTarget {
        host = Storable.escaped(host); // a name or URL may come from what a target sent (a redirect, a certificate)
        url = Storable.escaped(url);
        if (host == null && address == null && url == null) {
            throw new IllegalArgumentException("a finding target needs a host, an address or a url");
        }
        if (port != null && !TcpPort.valid(port)) {
            throw new IllegalArgumentException("port must be " + TcpPort.RANGE);
        }
    }

    /**
     * The target as one absolute URI, for the exports: its url; else {@code tcp://host-or-address:port}; else
     * {@code dns:host} for a name (a DNS record check); else {@code tcp://address} for a live host.
     */
    public String uri() {
        if (url != null) {
            return url;
        }
        String name = host != null ? host : address;
        String authority = name.indexOf(':') >= 0 ? "[" + name + "]" : name; // an IPv6 literal
        if (port != null) {
            return "tcp://" + authority + ":" + port;
        }
        return host != null ? "dns:" + host : "tcp://" + authority;
    }
}
