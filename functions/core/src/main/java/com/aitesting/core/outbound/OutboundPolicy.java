package com.aitesting.core.outbound;

import com.aitesting.core.TcpPort;
import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the platform may send a request on a tenant's behalf (Slack today, any webhook later). Checked twice:
 * on the URL alone when it is accepted and again before sending ({@link #checkUrl}), and on the addresses the
 * name resolved to, at connect time, by the transport that then connects to one of exactly those addresses
 * ({@link #checkAddresses}).
 *
 * <ul>
 *   <li>https only, to a host on the allow list: Slack's incoming-webhook hosts, plus SLACK_ALLOWED_HOSTS;</li>
 *   <li>never an IP address or an internal-only name as the host, in any spelling;</li>
 *   <li>never an address that is not public unicast ({@link AddressKind}), whatever the name resolves to;</li>
 *   <li>plain http (or https) to a loopback receiver only with SLACK_ALLOW_LOOPBACK_HTTP=true, which is
 *       refused on AWS: it exists for local receivers in tests.</li>
 * </ul>
 */
public record OutboundPolicy(Set<String> allowedHosts, boolean allowLoopback) {

    /** The only port of an allowed webhook host (and the one a URL without a port means). */
    public static final int HTTPS_PORT = 443;
    /** Slack's incoming-webhook hosts: commercial Slack and GovSlack. */
    public static final List<String> SLACK_WEBHOOK_HOSTS = List.of("hooks.slack.com", "hooks.slack-gov.com");

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final List<String> INTERNAL_SUFFIXES = List.of(".localhost", ".local", ".internal", ".localdomain",
            ".home.arpa", ".intranet", ".corp", ".lan");

    public OutboundPolicy {
        allowedHosts = Set.copyOf(allowedHosts);
    }

    /**
     * The policy from a deployment's settings: {@code extraHosts} is SLACK_ALLOWED_HOSTS (comma or space
     * separated host names; may be null), {@code allowLoopback} is SLACK_ALLOW_LOOPBACK_HTTP. Refuses the
     * loopback switch on AWS, and anything in the host list that is not a plain host name.
     */
    public static OutboundPolicy of(String extraHosts, boolean allowLoopback, boolean onAws) {
        if (allowLoopback && onAws) {
            throw new IllegalArgumentException("SLACK_ALLOW_LOOPBACK_HTTP=true is for local receivers in tests and is "
                    + "refused on AWS, where loopback is the Lambda runtime API");
        }
        Set<String> hosts = new LinkedHashSet<>(SLACK_WEBHOOK_HOSTS);
        if (extraHosts != null) {
            for (String raw : extraHosts.split("[,\\s]+")) {
                if (raw.isBlank()) {
                    continue;
                }
                String host = normalise(raw);
                if (!HOST_NAME.matcher(host).matches() || IpLiteral.parse(host).isPresent() || isInternalName(host)) {
                    throw new IllegalArgumentException("SLACK_ALLOWED_HOSTS must list public host names (no scheme, "
                            + "port, path, IP address or internal name), was '" + raw.strip() + "'");
                }
                hosts.add(host);
            }
        }
        return new OutboundPolicy(hosts, allowLoopback);
    }

    /** Slack's hosts only, no loopback: the default. */
    public static OutboundPolicy slackDefault() {
        return of(null, false, false);
    }

    /** The checks that need no DNS: scheme, port, host spelling, allow list. Empty when the URL may be used. */
    public Optional<OutboundRefusal> checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = normalise(hostOf(url));
        int port = url.getPort();
        if (port != -1 && !TcpPort.valid(port)) {
            return Optional.of(OutboundRefusal.INVALID_PORT);
        }
        Optional<InetAddress> literal = IpLiteral.parse(host);
        if (allowLoopback && isLoopbackHost(host, literal)) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of(OutboundRefusal.NOT_HTTPS);
        }
        if (literal.isPresent()) {
            OutboundRefusal byKind = AddressKind.of(literal.get()).refusal();
            boolean ipv6Spelling = host.indexOf(':') >= 0;
            if (ipv6Spelling && literal.get() instanceof java.net.Inet4Address) {
                return Optional.of(OutboundRefusal.IPV4_EMBEDDED_ADDRESS); // ::ffff:a.b.c.d, which Java reads as IPv4
            }
            return Optional.of(byKind != null ? byKind : OutboundRefusal.IP_ADDRESS_HOST);
        }
        if (host.equals("localhost")) {
            return Optional.of(OutboundRefusal.LOOPBACK_ADDRESS);
        }
        if (isInternalName(host)) {
            return Optional.of(OutboundRefusal.INTERNAL_NAME);
        }
        if (!allowedHosts.contains(host)) {
            return Optional.of(OutboundRefusal.HOST_NOT_ALLOWED);
        }
        // allowed hosts are names without a port (SLACK_ALLOWED_HOSTS refuses one): another port of such a host is
        // a service nobody allowed, reached with the tenant's webhook secret in the path
        if (port != -1 && port != HTTPS_PORT) {
            return Optional.of(OutboundRefusal.NOT_HTTPS_PORT);
        }
        return Optional.empty();
    }

    /**
     * The connect-time check of what a URL's host resolved to: every address must be public unicast
     * (one private answer among public ones is how DNS rebinding gets in), except loopback for a loopback
     * receiver when loopback is allowed.
     */
    public Optional<OutboundRefusal> checkAddresses(String urlHost, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return Optional.of(OutboundRefusal.NAME_NOT_RESOLVED);
        }
        String host = normalise(urlHost);
        boolean loopbackReceiver = allowLoopback && isLoopbackHost(host, IpLiteral.parse(host));
        for (InetAddress address : addresses) {
            AddressKind kind = AddressKind.of(address);
            if (kind == AddressKind.PUBLIC || (kind == AddressKind.LOOPBACK && loopbackReceiver)) {
                continue;
            }
            return Optional.of(kind.refusal());
        }
        return Optional.empty();
    }

    /**
     * The host as a resolver would see it. java.net.URI gives no host for spellings such as {@code 127.1} or
     * {@code 127.0.0.1.} (its grammar wants a letter in the last label), so those are read from the authority.
     */
    public static String hostOf(URI url) {
        if (url.getHost() != null) {
            return url.getHost();
        }
        String authority = url.getRawAuthority();
        if (authority == null) {
            return "";
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (!host.startsWith("[")) {
            int colon = host.lastIndexOf(':');
            host = colon >= 0 ? host.substring(0, colon) : host;
        }
        return host;
    }

    /** The allowed hosts in a stable order, for messages. */
    public String describeAllowedHosts() {
        return String.join(", ", allowedHosts.stream().sorted().toList());
    }

    /**
     * A loopback receiver: localhost, ::1, or 127.0.0.0/8 in plain dotted decimal. Other spellings of loopback
     * (0x7f000001, 2130706433, ::ffff:127.0.0.1) are not receivers anyone configures on purpose, so they stay refused.
     */
    private static boolean isLoopbackHost(String host, Optional<InetAddress> literal) {
        if (literal.isEmpty()) {
            return host.equals("localhost");
        }
        if (AddressKind.of(literal.get()) != AddressKind.LOOPBACK) {
            return false;
        }
        return literal.get() instanceof java.net.Inet6Address || literal.get().getHostAddress().equals(host);
    }

    private static boolean isInternalName(String host) {
        return host.equals("localhost") || INTERNAL_SUFFIXES.stream().anyMatch(host::endsWith)
                || host.indexOf('.') < 0; // a single label is resolved against the local search domains
    }

    /** Lower case, without brackets or the root's trailing dot, so that spellings of one host compare equal. */
    public static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    @Override
    public String toString() {
        return "OutboundPolicy[allowedHosts=" + describeAllowedHosts() + ", allowLoopback=" + allowLoopback + "]";
    }
}
