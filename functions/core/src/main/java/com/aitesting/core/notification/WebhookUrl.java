package com.aitesting.core.notification;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.outbound.AddressKind;
import com.aitesting.core.outbound.IpLiteral;
import com.aitesting.core.outbound.OutboundPolicy;
import com.aitesting.core.outbound.OutboundRefusal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Slack incoming-webhook URL. The URL is a bearer secret: whoever has it can post to the channel, so
 * {@link #toString()} and {@link #masked()} never show it, and only the HTTP transport calls {@link #reveal()}.
 *
 * <p>This is the URL's syntax: https, or plain http for loopback hosts alone, never for anything that leaves
 * the machine. Where it may be sent is the {@link com.aitesting.core.outbound.OutboundPolicy}'s business (the
 * allow list of hosts, no internal addresses, loopback only when the deployment allows it).
 */
public final class WebhookUrl {
    static final String FIELD = "webhook_url";
    private static final int MAX_LENGTH = 2048;
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    /** Only secrets at least this long show their last 4 characters; a shorter one would be half revealed. */
    private static final int MIN_SECRET_TO_SHOW_TAIL = 16;

    private final URI uri;

    private WebhookUrl(URI uri) {
        this.uri = uri;
    }

    /** Parses and validates a URL given by a user or by configuration; failures are 400 on {@code webhook_url}. */
    public static WebhookUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw InvalidInputException.of(FIELD, "is required");
        }
        if (text.length() > MAX_LENGTH) {
            throw InvalidInputException.of(FIELD, "must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw InvalidInputException.of(FIELD, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
            // 127.1 or 127.0.0.1. is no host to java.net.URI, but an address to a resolver: say which.
            Optional<OutboundRefusal> address = uri.isOpaque() ? Optional.empty()
                    : IpLiteral.parse(OutboundPolicy.hostOf(uri)).map(a ->
                            Objects.requireNonNullElse(AddressKind.of(a).refusal(), OutboundRefusal.IP_ADDRESS_HOST));
            throw InvalidInputException.of(FIELD, address.map(OutboundRefusal::sentence)
                    .orElse("must be an absolute https URL with a host"));
        }
        if (uri.getRawUserInfo() != null) {
            throw InvalidInputException.of(FIELD, "must not contain credentials before the host");
        }
        if (uri.getRawFragment() != null) {
            throw InvalidInputException.of(FIELD, "must not contain a fragment");
        }
        switch (scheme) {
            case "https" -> { }
            case "http" -> {
                if (!isLoopback(uri.getHost())) {
                    throw InvalidInputException.of(FIELD, "must use https (http is accepted only for loopback hosts)");
                }
            }
            default -> throw InvalidInputException.of(FIELD, "must use https (http is accepted only for loopback hosts)");
        }
        return new WebhookUrl(canonical(uri, scheme));
    }

    /**
     * One spelling per destination: scheme and host in lower case, the scheme's own port left out, path and
     * query as sent. What is stored, masked and shown back is then the same for HTTPS://HOOKS.SLACK.COM:0443/x
     * and https://hooks.slack.com/x.
     */
    private static URI canonical(URI uri, String scheme) {
        int port = uri.getPort();
        boolean ownPort = port == -1 || (scheme.equals("https") && port == OutboundPolicy.HTTPS_PORT) || (scheme.equals("http") && port == 80);
        String text = scheme + "://" + OutboundPolicy.normalise(uri.getHost()) + (ownPort ? "" : ":" + port)
                + Objects.requireNonNullElse(uri.getRawPath(), "") + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a URI rebuilt from its own parts parses", e);
        }
    }

    /** Loopback by its literal form only: no DNS lookup, so a name cannot be re-pointed after validation. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.equals("[::1]") || h.equals("::1") || h.equals("[0:0:0:0:0:0:0:1]")) {
            return true;
        }
        if (IPV4_LOOPBACK.matcher(h).matches()) {
            for (String octet : h.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Scheme, host and port, then "…" and the last 4 characters when the rest is long enough to stay secret. */
    public String masked() {
        String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        String full = uri.toString();
        String rest = full.substring(Math.min(full.length(), full.indexOf(uri.getHost()) + uri.getHost().length()));
        String tail = rest.length() >= MIN_SECRET_TO_SHOW_TAIL ? rest.substring(rest.length() - 4) : "";
        return origin + "/…" + tail;
    }

    /** The full URL, for the HTTP transport, the policy and the vault only. Never log it or store it in clear. */
    public URI reveal() {
        return uri;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookUrl other && uri.equals(other.uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    @Override
    public String toString() {
        return masked();
    }
}
