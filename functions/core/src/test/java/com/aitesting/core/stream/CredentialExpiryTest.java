package com.aitesting.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialExpiryTest {
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00.250Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aCredentialIsRefusedFromItsExpiryInstantOnAndAcceptedJustBefore() {
        assertThat(CredentialExpiry.passed(NOW.plusMillis(1), NOW)).isFalse();
        assertThat(CredentialExpiry.passed(NOW, NOW)).isTrue();
        assertThat(CredentialExpiry.passed(NOW.minusSeconds(1), NOW)).isTrue();
    }

    @Test
    void whatItOpenedRunsUntilTheExpiryNotAtAllOnceItPassedAndForeverWithoutOne() {
        assertThat(CredentialExpiry.remaining(Optional.of(NOW.plusSeconds(90)), CLOCK)).contains(Duration.ofSeconds(90));
        assertThat(CredentialExpiry.remaining(Optional.of(NOW), CLOCK)).contains(Duration.ZERO);
        assertThat(CredentialExpiry.remaining(Optional.of(NOW.minusSeconds(5)), CLOCK)).contains(Duration.ZERO);
        assertThat(CredentialExpiry.remaining(Optional.empty(), CLOCK)).isEmpty();
    }

    @Test
    void aConnectionEndsAtTheEarlierOfItsOwnLifeAndItsCredentialsExpiry() {
        Instant twoHours = NOW.plus(Duration.ofHours(2));
        assertThat(CredentialExpiry.endOfLife(twoHours, Optional.of(NOW.plusSeconds(300)))).isEqualTo(NOW.plusSeconds(300));
        assertThat(CredentialExpiry.endOfLife(twoHours, Optional.of(twoHours.plusSeconds(1)))).isEqualTo(twoHours);
        assertThat(CredentialExpiry.endOfLife(twoHours, Optional.empty())).isEqualTo(twoHours);
    }

    @Test
    void anExpiryIsReadAsEpochSecondsFromANumberOrItsDigitsAndNothingElse() {
        assertThat(CredentialExpiry.epochSeconds(1767261900L)).contains(Instant.ofEpochSecond(1767261900L));
        assertThat(CredentialExpiry.epochSeconds(" 1767261900 ")).contains(Instant.ofEpochSecond(1767261900L));
        for (Object odd : new Object[] {null, "", "soon", "-5", "1.7E9", 1.7e9, -5, "1234567890123", true}) {
            assertThat(CredentialExpiry.epochSeconds(odd)).as("%s", odd).isEmpty();
        }
    }
}
