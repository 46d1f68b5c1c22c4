package com.aitesting.core.stream;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks stream tokens: {@code base64url(claims) "." base64url(HMAC-SHA256(key, claims))}
 * where claims are {@code v1|tenant|run|expiry-epoch-seconds}. A browser's EventSource cannot send
 * headers, so it presents this token in the URL instead of a credential; the token opens one run's
 * stream for one tenant for a few minutes and nothing else, which bounds what a token leaked through a
 * log, the browser history or a Referer can do.
 */
public final class StreamTokens {
    /** Shorter keys would weaken HMAC-SHA256 below its 256-bit strength. */
    public static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,512}\\.[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Supplier<byte[]> keySource;
    private volatile SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    public StreamTokens(byte[] key, Duration ttl, Clock clock) {
        this(checked(key)::clone, ttl, clock);
        key();
    }

    /**
     * With a key that is fetched on first use (e.g. from a secrets store after a SnapStart restore, so that
     * no snapshot holds it). A key that is too short fails that first use.
     */
    public StreamTokens(Supplier<byte[]> key, Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("STREAM_TOKEN_TTL_SECONDS must be 1..3600, was " + ttl.toSeconds());
        }
        this.keySource = key;
        this.ttl = ttl;
        this.clock = clock;
    }

    private static byte[] checked(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("STREAM_TOKEN_SECRET must be at least " + MIN_KEY_BYTES + " bytes");
        }
        return key;
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            k = new SecretKeySpec(checked(keySource.get()), ALGORITHM);
            key = k;
        }
        return k;
    }

    /** A fresh random key: tokens then verify only in this process (see docs/streaming.md). */
    public static byte[] randomKey() {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public StreamToken issue(TenantId tenant, RunId run) {
        return issue(tenant, run, Optional.empty());
    }

    /**
     * A token that expires after the configured life, or at {@code notAfter} when that comes first: a token never
     * outlives the credential it was issued for (a JWT's {@code exp}).
     */
    public StreamToken issue(TenantId tenant, RunId run, Optional<Instant> notAfter) {
        // whole seconds, so the expiry the client sees is exactly the one that is signed
        Instant life = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(ttl);
        Instant expiresAt = CredentialExpiry.endOfLife(life, notAfter.map(at -> at.truncatedTo(ChronoUnit.SECONDS)));
        String claims = VERSION + "|" + tenant.value() + "|" + run.value() + "|" + expiresAt.getEpochSecond();
        byte[] claimBytes = claims.getBytes(StandardCharsets.UTF_8);
        return new StreamToken(ENCODER.encodeToString(claimBytes) + "." + ENCODER.encodeToString(sign(claimBytes)), expiresAt);
    }

    /** Checks signature first (constant time), then expiry, then that the token names {@code run}. */
    public StreamTokenCheck check(String token, RunId run) {
        Optional<Parts> parts = parts(token);
        if (parts.isEmpty()) {
            return new StreamTokenCheck.Rejected("The stream token is malformed.");
        }
        Optional<String[]> signed = signedClaims(parts.get());
        if (signed.isEmpty()) {
            return new StreamTokenCheck.Rejected("The stream token is not valid.");
        }
        String[] claims = signed.get();
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(claims[3]));
        } catch (NumberFormatException e) {
            return new StreamTokenCheck.Rejected("The stream token is not valid.");
        }
        if (CredentialExpiry.passed(expiresAt, clock.instant())) {
            return new StreamTokenCheck.Rejected("The stream token has expired; request a new one.");
        }
        if (!claims[2].equals(run.value().toString())) {
            return new StreamTokenCheck.Rejected("The stream token was issued for another run.");
        }
        return new StreamTokenCheck.Valid(new TenantId(claims[1]), expiresAt);
    }

    /**
     * The run a genuine token names, expired or not; empty for anything else. For a connection that is
     * scoped by its token before it names a run (the WebSocket's {@code ?stream_token=}): the caller then
     * {@link #check checks} the token against that run, expiry included.
     */
    public Optional<RunId> namedRun(String token) {
        return parts(token).flatMap(this::signedClaims).flatMap(claims -> {
            try {
                return Optional.of(new RunId(UUID.fromString(claims[2])));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** The decoded claims and signature of a token. */
    private record Parts(byte[] claims, byte[] signature) {}

    /**
     * The two parts of something shaped like a token, decoded; empty for anything else, including a part
     * of 4n+1 characters, which the pattern admits but no base64 encodes, and a part that is not the one
     * spelling of its bytes: the decoder ignores a last character's unused bits, so without this check a
     * token had four spellings that all verify (a deny-list or a log search by token would miss three).
     */
    private static Optional<Parts> parts(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        Optional<byte[]> claims = canonical(token.substring(0, dot));
        Optional<byte[]> signature = canonical(token.substring(dot + 1));
        return claims.isPresent() && signature.isPresent() ? Optional.of(new Parts(claims.get(), signature.get())) : Optional.empty();
    }

    /** {@code part} decoded, if it is exactly how this class encodes those bytes. */
    private static Optional<byte[]> canonical(String part) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(part);
            return ENCODER.encodeToString(bytes).equals(part) ? Optional.of(bytes) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The claims of a token signed with our key (compared in constant time) and of this version; else empty. */
    private Optional<String[]> signedClaims(Parts parts) {
        if (!MessageDigest.isEqual(sign(parts.claims()), parts.signature())) {
            return Optional.empty();
        }
        // Signed by us, so the claims are well formed; parse defensively anyway.
        String[] claims = new String(parts.claims(), StandardCharsets.UTF_8).split("\\|", -1);
        return claims.length == 4 && VERSION.equals(claims[0]) ? Optional.of(claims) : Optional.empty();
    }

    private byte[] sign(byte[] claims) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // not thread-safe: one per call
            mac.init(key());
            return mac.doFinal(claims);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
