package com.aitesting.core.outbound;

import com.aitesting.core.TcpPort;

/**
 * Why an outbound request is refused: a stable {@link #code()} for machines (stored, in events, in API
 * answers) and a {@link #sentence()} for people, which completes "the webhook URL ...". Never names the URL.
 */
public enum OutboundRefusal {
    NOT_HTTPS("not_https", "must use https (plain http is accepted only for loopback receivers when SLACK_ALLOW_LOOPBACK_HTTP=true)"),
    INVALID_PORT("invalid_port", "has a port outside " + TcpPort.RANGE),
    NOT_HTTPS_PORT("not_https_port", "must use https's own port (443, or none): the allowed hosts serve webhooks there"),
    IP_ADDRESS_HOST("ip_address_host", "must name an allowed host, not an IP address"),
    INTERNAL_NAME("internal_name", "names this machine or an internal-only domain (localhost, .local, .internal, .localdomain, .home.arpa)"),
    HOST_NOT_ALLOWED("host_not_allowed", "names a host that is not on the allow list of webhook hosts"),
    NAME_NOT_RESOLVED("name_not_resolved", "names a host that did not resolve to an address"),
    LOOPBACK_ADDRESS("loopback_address", "points to a loopback address"),
    PRIVATE_ADDRESS("private_address", "points to a private network address (RFC 1918)"),
    LINK_LOCAL_ADDRESS("link_local_address", "points to a link-local address (such as the cloud metadata endpoint 169.254.169.254)"),
    SHARED_ADDRESS("shared_address", "points to a carrier-grade NAT address (100.64.0.0/10)"),
    UNIQUE_LOCAL_ADDRESS("unique_local_address", "points to an IPv6 unique-local address (fc00::/7)"),
    MULTICAST_ADDRESS("multicast_address", "points to a multicast address"),
    UNSPECIFIED_ADDRESS("unspecified_address", "points to the unspecified address (0.0.0.0 or ::)"),
    BROADCAST_ADDRESS("broadcast_address", "points to the broadcast address"),
    IPV4_EMBEDDED_ADDRESS("ipv4_embedded_address", "points to an IPv6 address that embeds an IPv4 address (mapped, compatible, NAT64, 6to4 or Teredo)"),
    RESERVED_ADDRESS("reserved_address", "points to a reserved or documentation address");

    private final String code;
    private final String sentence;

    OutboundRefusal(String code, String sentence) {
        this.code = code;
        this.sentence = sentence;
    }

    public String code() {
        return code;
    }

    public String sentence() {
        return sentence;
    }

    /** The refusal with this code, if it is one. */
    public static java.util.Optional<OutboundRefusal> ofCode(String code) {
        for (OutboundRefusal r : values()) {
            if (r.code.equals(code)) {
                return java.util.Optional.of(r);
            }
        }
        return java.util.Optional.empty();
    }
}
