package com.aitesting.core.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A creating request that carries an Idempotency-Key: the endpoint the key is scoped to (method and route,
 * e.g. {@code POST /v1/engagements/{id}/plan}) and the SHA-256 fingerprint of what was asked (method, path and
 * the canonical body), which a retry must repeat exactly.
 */
public record IdempotentRequest(IdempotencyKey key, String endpoint, String fingerprint) {
    public IdempotentRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** {@code canonicalBody}: the body as the server read it, written back in one spelling (whitespace does not count). */
    public static IdempotentRequest of(String key, String method, String endpoint, String path, byte[] canonicalBody) {
        IdempotencyKey parsed = new IdempotencyKey(key);
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        // the separators keep "POST /a" + "b" apart from "POST /ab" + ""
        sha256.update((method + '\n' + path + '\n').getBytes(StandardCharsets.UTF_8));
        sha256.update(canonicalBody);
        return new IdempotentRequest(parsed, endpoint, HexFormat.of().formatHex(sha256.digest()));
    }
}
