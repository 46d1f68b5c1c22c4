package com.aitesting.executors;

/** Test ids of the executable catalog tests and the rule ids that carry results between steps. */
final class Rules {
    static final String PING_SWEEP = "network.discovery.ping_sweep";
    static final String TCP_TOP_1000 = "network.nmap.tcp_top_1000";
    static final String TLS_CERTIFICATE = "tls.certificate_check";
    static final String TLS_PROTOCOLS = "tls.protocol_and_cipher_scan";
    static final String HTTP_HEADERS = "http.security_headers";
    static final String HTTP_METHODS = "http.methods_and_redirects";
    static final String DNS_EMAIL = "dns.email_security_records";
    static final String DNS_AXFR = "dns.zone_transfer_check";

    /** A host that answered discovery: the port scan's input. */
    static final String HOST_LIVE = "network.host.live";
    /** An open TCP port: the HTTP and TLS checks' input. */
    static final String PORT_OPEN = "network.port.open";

    private Rules() {}
}
