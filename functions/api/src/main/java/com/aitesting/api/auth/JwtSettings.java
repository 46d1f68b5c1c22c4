package com.aitesting.api.auth;

import com.aitesting.core.outbound.IpLiteral;
import com.nimbusds.jose.JWSAlgorithm;
import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How {@code AUTH_MODE=jwt} checks a token, parsed once at start.
 *
 * <p>{@link Source#API_GATEWAY}: the API Lambda behind API Gateway's JWT authorizer, which has verified the
 * token; the actor comes from the claims the authorizer passes in the event, and the header is not read.
 * {@link Source#BEARER_TOKEN}: anywhere else; the app verifies the token itself against the issuer's JWKS,
 * so the issuer, audience and JWKS URL are required (a missing one stops the start, naming its variable).
 *
 * @param algorithms the asymmetric JWS algorithms the issuer signs with (JWT_ALGORITHMS, default RS256);
 *                   {@code none} and HMAC algorithms can never be configured: an HMAC "secret" would be
 *                   the JWKS's public key, which anyone can read
 */
public record JwtSettings(Source source, String issuer, List<String> audiences, URI jwksUrl, Set<JWSAlgorithm> algorithms) {

    public enum Source { API_GATEWAY, BEARER_TOKEN }

    /** The value of {@code ait.jwt.verified-by} that the Lambda entry point sets. */
    public static final String API_GATEWAY = "api-gateway";

    private static final Set<JWSAlgorithm> ASYMMETRIC;
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    static {
        Set<JWSAlgorithm> asymmetric = new LinkedHashSet<>(JWSAlgorithm.Family.RSA);
        asymmetric.addAll(JWSAlgorithm.Family.EC);
        asymmetric.addAll(JWSAlgorithm.Family.ED);
        ASYMMETRIC = Set.copyOf(asymmetric);
    }

    public JwtSettings {
        Objects.requireNonNull(source, "source");
        audiences = List.copyOf(audiences);
        algorithms = Set.copyOf(algorithms);
        if (source == Source.BEARER_TOKEN) {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(jwksUrl, "jwksUrl");
            if (audiences.isEmpty() || algorithms.isEmpty()) {
                throw new IllegalArgumentException("a verified token needs an audience and an algorithm");
            }
        }
    }

    /**
     * @param verifiedBy ait.jwt.verified-by: {@value #API_GATEWAY} on the API Lambda, unset elsewhere
     * Every other argument may be null or blank (not set).
     */
    public static JwtSettings parse(String verifiedBy, String issuer, String audience, String jwksUrl, String algorithms) {
        if (!isBlank(verifiedBy)) {
            if (!verifiedBy.trim().equals(API_GATEWAY)) {
                throw new IllegalArgumentException("ait.jwt.verified-by must be '" + API_GATEWAY + "' or unset, was '" + verifiedBy + "'");
            }
            return new JwtSettings(Source.API_GATEWAY, null, List.of(), null, Set.of());
        }
        if (isBlank(issuer)) {
            throw new IllegalArgumentException("AUTH_MODE=jwt requires JWT_ISSUER: the issuer whose tokens are accepted (their iss claim)");
        }
        if (isBlank(audience)) {
            throw new IllegalArgumentException("AUTH_MODE=jwt requires JWT_AUDIENCE: the audience(s) a token must name (aud), comma-separated");
        }
        if (isBlank(jwksUrl)) {
            throw new IllegalArgumentException("AUTH_MODE=jwt requires JWT_JWKS_URL: the issuer's JSON Web Key Set "
                    + "(e.g. https://issuer.example.com/.well-known/jwks.json)");
        }
        List<String> audiences = Arrays.stream(audience.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new JwtSettings(Source.BEARER_TOKEN, issuer.trim(), audiences, jwks(jwksUrl.trim()), algorithms(algorithms));
    }

    /** https, or http to a loopback host only (a JWKS served by a test or a local issuer). */
    private static URI jwks(String value) {
        try {
            URI uri = URI.create(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (host != null && (scheme.equals("https") || (scheme.equals("http") && loopback(host)))) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("JWT_JWKS_URL must be an https URL (http only on loopback), was '" + value + "'");
    }

    /**
     * {@code localhost}, 127.0.0.0/8 written as a plain dotted quad, or a bracketed IPv6 loopback literal: decided
     * from the text alone, never by DNS. A name that only looks like one ({@code 127.evil.example},
     * {@code 127.0.0.1.nip.io}) resolves wherever its owner likes, and a leading zero may be read as octal.
     */
    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.startsWith("[")) {
            return IpLiteral.parse(host).map(InetAddress::isLoopbackAddress).orElse(false);
        }
        return LOOPBACK_V4.matcher(host).matches();
    }

    private static Set<JWSAlgorithm> algorithms(String value) {
        if (isBlank(value)) {
            return Set.of(JWSAlgorithm.RS256);
        }
        Set<JWSAlgorithm> parsed = new LinkedHashSet<>();
        for (String name : value.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name.trim());
            if (!ASYMMETRIC.contains(algorithm)) {
                throw new IllegalArgumentException("JWT_ALGORITHMS must name asymmetric JWS algorithms (RS256, PS256, ES256, EdDSA, ...); '"
                        + name.trim() + "' is not one");
            }
            parsed.add(algorithm);
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("JWT_ALGORITHMS must name at least one algorithm");
        }
        return parsed;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
