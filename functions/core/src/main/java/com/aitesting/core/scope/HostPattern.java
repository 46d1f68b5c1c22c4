package com.aitesting.core.scope;

import com.aitesting.core.error.InvalidInputException;
import java.net.IDN;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A host name, or a wildcard {@code *.example.com} that matches every name below example.com at any depth
 * but not example.com itself. Normalised to lowercase ASCII (IDNA, so {@code bücher.de} becomes
 * {@code xn--bcher-kva.de}) without the trailing dot; labels are letters, digits and inner hyphens,
 * 1-63 characters, at most 253 in total. An all-digit last label is refused: that is an address, which
 * belongs in in_scope_cidrs.
 */
public record HostPattern(String text) implements ScopeEntry {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final String EXPECTED = "must be a host name such as app.example.com or a wildcard such as *.example.com";

    public HostPattern {
        if (!text.equals(normalise(text))) {
            throw new IllegalArgumentException("not a normalised host pattern: " + text);
        }
    }

    public static HostPattern parse(String input) {
        return new HostPattern(normalise(input));
    }

    public boolean isWildcard() {
        return text.startsWith("*.");
    }

    /** The name without the wildcard label. */
    public String domain() {
        return isWildcard() ? text.substring(2) : text;
    }

    /** True when {@code host} (any spelling: case, IDN, trailing dot) is this name or, for a wildcard, below it. */
    public boolean matches(String host) {
        String name;
        try {
            name = normalise(host);
        } catch (InvalidInputException e) {
            return false;
        }
        if (name.startsWith("*.")) {
            return false;
        }
        return isWildcard() ? name.endsWith("." + domain()) : name.equals(text);
    }

    /** True when every name this pattern matches is matched by {@code this} (used to drop redundant entries). */
    public boolean covers(HostPattern other) {
        if (isWildcard()) {
            return other.domain().endsWith("." + domain()) || (other.isWildcard() && other.domain().equals(domain()));
        }
        return !other.isWildcard() && other.text.equals(text);
    }

    private static String normalise(String input) {
        if (input == null || input.isBlank()) {
            throw invalid(EXPECTED);
        }
        String s = input.strip();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        boolean wildcard = s.startsWith("*.");
        String name = wildcard ? s.substring(2) : s;
        if (name.indexOf('*') >= 0) {
            throw invalid("may use '*' only as the whole leftmost label, as in *.example.com");
        }
        // ASCII labels are checked as they are; only labels with other characters go through IDNA
        // (which would refuse an over-long label with a less helpful message).
        StringJoiner converted = new StringJoiner(".");
        for (String label : name.split("\\.", -1)) {
            try {
                converted.add(label.chars().allMatch(ch -> ch < 0x80) ? label : IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES));
            } catch (IllegalArgumentException e) {
                throw invalid(EXPECTED);
            }
        }
        String ascii = converted.toString().toLowerCase(Locale.ROOT);
        String[] labels = ascii.split("\\.", -1);
        for (String label : labels) {
            if (label.length() > 63) {
                throw invalid("has a label longer than 63 characters");
            }
            if (!LABEL.matcher(label).matches()) {
                throw invalid(EXPECTED);
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw invalid("looks like an IP address; put addresses in in_scope_cidrs");
        }
        if (wildcard && labels.length < 2) {
            throw invalid("must name a domain below the wildcard, as in *.example.com");
        }
        String normalised = wildcard ? "*." + ascii : ascii;
        if (normalised.length() > 253) {
            throw invalid("is longer than 253 characters");
        }
        return normalised;
    }

    private static InvalidInputException invalid(String message) {
        return InvalidInputException.of("host", message);
    }

    @Override
    public String toString() {
        return text;
    }
}
