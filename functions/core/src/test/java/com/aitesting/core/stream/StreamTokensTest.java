package com.aitesting.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamTokensTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00.500Z");
    static final TenantId TENANT = new TenantId("t_demo");
    final RunId run = RunId.random();

    StreamTokens at(Instant now) {
        return new StreamTokens(KEY, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aFreshTokenOpensItsRunForItsTenantUntilItsWholeSecondExpiry() {
        StreamToken token = at(NOW).issue(TENANT, run);
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
        assertThat(at(NOW.plusSeconds(298)).check(token.value(), run)).isEqualTo(new StreamTokenCheck.Valid(TENANT, token.expiresAt()));
        assertThat(at(token.expiresAt()).check(token.value(), run)).isInstanceOf(StreamTokenCheck.Rejected.class);
    }

    @Test
    void aTokenNeverOutlivesTheCredentialItWasIssuedFor() {
        Instant jwtExpiry = NOW.plusSeconds(90).plusMillis(700); // sooner than the 5-minute life
        StreamToken capped = at(NOW).issue(TENANT, run, Optional.of(jwtExpiry));
        assertThat(capped.expiresAt()).isEqualTo(Instant.parse("2026-01-01T10:01:31Z")); // whole seconds, never later than the credential
        assertThat(at(capped.expiresAt()).check(capped.value(), run)).isInstanceOf(StreamTokenCheck.Rejected.class);
        assertThat(at(NOW.plusSeconds(89)).check(capped.value(), run)).isEqualTo(new StreamTokenCheck.Valid(TENANT, capped.expiresAt()));
        // a credential that lives longer, or never expires, leaves the token its own life
        assertThat(at(NOW).issue(TENANT, run, Optional.of(NOW.plusSeconds(3600))).expiresAt()).isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
        assertThat(at(NOW).issue(TENANT, run, Optional.empty()).expiresAt()).isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
    }

    @Test
    void aTokenIsRejectedForAnotherRunWhenTamperedWithOrSignedWithAnotherKey() {
        String token = at(NOW).issue(TENANT, run).value();
        assertThat(at(NOW).check(token, RunId.random())).isInstanceOf(StreamTokenCheck.Rejected.class);
        // the second-last character: the last one of an unpadded base64url MAC also carries unused bits, so
        // changing it can decode to the very same bytes
        int at = token.length() - 2;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        assertThat(at(NOW).check(tampered, run))
                .isInstanceOf(StreamTokenCheck.Rejected.class);
        String foreign = new StreamTokens("fedcba9876543210fedcba9876543210".getBytes(), Duration.ofMinutes(5),
                Clock.fixed(NOW, ZoneOffset.UTC)).issue(TENANT, run).value();
        assertThat(at(NOW).check(foreign, run)).isInstanceOf(StreamTokenCheck.Rejected.class);
        assertThat(at(NOW).check("not a token", run)).isInstanceOf(StreamTokenCheck.Rejected.class);
    }

    @Test
    void aTokenHasOneSpellingARespelledLastCharacterDoesNotVerify() {
        String token = at(NOW).issue(TENANT, run).value();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int accepted = 0;
        // the MAC's 32 bytes are 43 characters, whose last one carries 4 bits and 2 unused ones
        for (char c : alphabet.toCharArray()) {
            String respelled = token.substring(0, token.length() - 1) + c;
            if (at(NOW).check(respelled, run) instanceof StreamTokenCheck.Valid) {
                accepted++;
                assertThat(respelled).isEqualTo(token);
            }
        }
        assertThat(accepted).isEqualTo(1);
        int dot = token.indexOf('.');
        char last = token.charAt(dot - 1);
        String claimsRespelled = token.substring(0, dot - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1) + token.substring(dot);
        assertThat(at(NOW).check(claimsRespelled, run)).isInstanceOf(StreamTokenCheck.Rejected.class);
        assertThat(at(NOW).namedRun(claimsRespelled)).isEmpty();
    }

    @Test
    void aTokenWhoseClaimsPartNoBase64CanEncodeIsRejectedAsMalformedNotThrown() {
        // 4n+1 base64 characters: the pattern admits them, the decoder refuses them
        String signature = "A".repeat(43);
        for (String claims : new String[] {"A", "AAAAA", "A".repeat(509)}) {
            String token = claims + "." + signature;
            assertThat(at(NOW).check(token, run)).isEqualTo(new StreamTokenCheck.Rejected("The stream token is malformed."));
            assertThat(at(NOW).namedRun(token)).isEmpty();
        }
        for (int length = 1; length <= 12; length++) {
            String token = "A".repeat(length) + "." + signature;
            assertThat(at(NOW).check(token, run)).as("claims of %d characters", length).isInstanceOf(StreamTokenCheck.Rejected.class);
            assertThat(at(NOW).namedRun(token)).as("claims of %d characters", length).isEmpty();
        }
    }

    @Test
    void aKeyShorterThan32BytesIsRefusedAtStart() {
        assertThatThrownBy(() -> new StreamTokens(new byte[16], Duration.ofMinutes(5), Clock.systemUTC()))
                .hasMessageContaining("STREAM_TOKEN_SECRET");
    }
}
