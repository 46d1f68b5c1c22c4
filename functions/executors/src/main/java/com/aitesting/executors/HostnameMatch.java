package com.aitesting.executors;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * RFC 6125 name matching: the DNS subjectAltNames (the common name only when there are none), a wildcard
 * only as the whole leftmost label and matching exactly one label.
 */
final class HostnameMatch {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private HostnameMatch() {}

    static boolean matches(X509Certificate certificate, String host) {
        String name = host.toLowerCase(Locale.ROOT);
        List<String> names = dnsNames(certificate);
        if (names.isEmpty()) {
            names = commonName(certificate);
        }
        return names.stream().anyMatch(pattern -> matchesPattern(pattern.toLowerCase(Locale.ROOT), name));
    }

    static boolean matchesPattern(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
        }
        return pattern.equals(host);
    }

    /** Every subjectAltName as text (for the evidence). */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        for (List<?> entry : altNames(certificate)) {
            int type = (Integer) entry.get(0);
            if (type == DNS_NAME || type == IP_ADDRESS) {
                names.add(String.valueOf(entry.get(1)));
            }
        }
        return names;
    }

    private static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        for (List<?> entry : altNames(certificate)) {
            if ((Integer) entry.get(0) == DNS_NAME) {
                names.add(String.valueOf(entry.get(1)));
            }
        }
        return names;
    }

    private static Collection<List<?>> altNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            return names == null ? List.of() : names;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static List<String> commonName(X509Certificate certificate) {
        String dn = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) {
                return List.of(part.substring(3));
            }
        }
        return List.of();
    }
}
