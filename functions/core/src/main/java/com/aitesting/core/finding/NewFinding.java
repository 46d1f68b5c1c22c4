package com.aitesting.core.finding;

import com.aitesting.core.Storable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A finding as an executor reports it: only what was observed on the wire. {@code ruleId} names the kind of
 * finding (one SARIF rule each, e.g. {@code tls.certificate.expired}); {@code evidence} is what was seen
 * (a header set, a certificate's dates), JSON-shaped (maps, lists, strings, numbers, booleans). Characters that
 * cannot be stored, and control and bidirectional formatting characters ({@link Storable}), are written as escapes;
 * an evidence text over {@link #MAX_EVIDENCE_TEXT} characters is cut there, saying how much more there was.
 */
public record NewFinding(
        String testId,
        String ruleId,
        Severity severity,
        String title,
        String description,
        FindingTarget target,
        Map<String, Object> evidence) {

    /**
     * Characters of one evidence text at most: a header or record a target sent may be tens of kilobytes, and the
     * evidence of an endpoint repeats in each of its findings and their events.
     */
    public static final int MAX_EVIDENCE_TEXT = 4096;

    public NewFinding {
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(target, "target");
        // titles and evidence quote what a target sent (a header, a certificate's subject): kept storable here,
        // so a NUL from a hostile server is shown as an escape instead of failing the run's write, and a CR or an
        // ANSI sequence as an escape instead of rewriting the console or log line that shows it
        title = Storable.escaped(title);
        description = Storable.escaped(description);
        evidence = Map.copyOf(storable(evidence));
    }

    @SuppressWarnings("unchecked")
    private static <T> T storable(T value) {
        return (T) switch (value) {
            case null -> null;
            case String text -> Storable.escaped(bounded(text)); // cut first: an escape is never cut in two
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((key, item) -> copy.put(Storable.escaped(String.valueOf(key)), storable(item)));
                yield Collections.unmodifiableMap(copy);
            }
            case List<?> list -> list.stream().map(NewFinding::storable).toList();
            default -> value;
        };
    }

    /** {@code text} up to {@link #MAX_EVIDENCE_TEXT} characters, and how many more there were; a pair is never split. */
    private static String bounded(String text) {
        if (text.length() <= MAX_EVIDENCE_TEXT) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(MAX_EVIDENCE_TEXT - 1)) ? MAX_EVIDENCE_TEXT - 1 : MAX_EVIDENCE_TEXT;
        return text.substring(0, cut) + "… (" + (text.length() - cut) + " more characters)";
    }

    /**
     * Stable across runs: the same rule on the same target gives the same fingerprint, whatever the
     * evidence (a certificate that is still expired next week is the same finding).
     */
    public String fingerprint() {
        String key = String.join("\u001f", ruleId, part(target.host()), part(target.address()),
                target.port() == null ? "" : target.port().toString(), part(target.url()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String part(String value) {
        return value == null ? "" : value;
    }
}
