package com.aitesting.executors.net;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Something the guard agreed to let executors probe: an address, and the in-scope name it was resolved
 * from (null for an address taken from an in-scope CIDR). Only the guard makes them.
 */
public final class Target {
    private final String host;
    private final InetAddress address;

    Target(String host, InetAddress address) {
        this.host = host;
        this.address = Objects.requireNonNull(address, "address");
    }

    /** The name the target was reached by, or null. */
    public String host() {
        return host;
    }

    public InetAddress address() {
        return address;
    }

    public String addressText() {
        return Addresses.text(address);
    }

    /** The name if there is one, else the address: what goes into a Host header, SNI or a URL. */
    public String name() {
        return host != null ? host : (address.getAddress().length == 16 ? "[" + addressText() + "]" : addressText());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && Objects.equals(host, t.host) && address.equals(t.address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, address);
    }

    @Override
    public String toString() {
        return host == null ? addressText() : host + "(" + addressText() + ")";
    }
}
