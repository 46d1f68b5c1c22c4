package com.aitesting.core.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Port: resolves a host name to its addresses, once per connection attempt. The outbound guard checks exactly
 * these addresses and the connection is made to one of them, so there is no second lookup for a rebinding
 * name to answer differently. Tests pass a resolver of their own (no real DNS in tests).
 */
@FunctionalInterface
public interface HostResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver (the OS's, with the JVM's positive-answer cache). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
}
