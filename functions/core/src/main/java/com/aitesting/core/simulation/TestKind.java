package com.aitesting.core.simulation;

import java.util.List;
import java.util.Locale;

/**
 * What a catalog test does, told from the words of its id ({@code network.nmap.tcp_top_1000},
 * {@code dns.subdomain_enumeration}); the first kind in declaration order (most specific first) wins.
 */
enum TestKind {
    TLS("tls", "ssl", "cert"),
    DNS("dns", "subdomain", "zone"),
    HTTP("http", "web", "header", "crawl"),
    PORT_SCAN("nmap", "port", "tcp", "udp", "service"),
    HOST_DISCOVERY("ping", "sweep", "icmp", "arp", "discovery"),
    GENERIC;

    private final List<String> words;

    TestKind(String... words) {
        this.words = List.of(words);
    }

    static TestKind of(String testId) {
        String id = testId.toLowerCase(Locale.ROOT);
        for (TestKind kind : values()) {
            if (kind.words.stream().anyMatch(id::contains)) {
                return kind;
            }
        }
        return GENERIC;
    }
}
