package com.aitesting.executors.net;

import com.aitesting.core.scope.Cidr;
import java.net.InetAddress;

/** An address range as raw bytes, for the per-connection checks (no strings, no DNS). */
record AddressBlock(byte[] network, int prefix) {

    static AddressBlock of(Cidr cidr) {
        String text = cidr.text();
        int slash = text.indexOf('/');
        return new AddressBlock(Addresses.parseLiteral(text.substring(0, slash)).getAddress(),
                Integer.parseInt(text.substring(slash + 1)));
    }

    static AddressBlock parse(String text) {
        return of(Cidr.parse(text));
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff00 >> rest;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
