package com.aitesting.core.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(5));

    @Test
    void backoffCeilingDoublesPerRetryUntilTheCap() {
        double almostOne = Math.nextDown(1.0);
        assertThat(policy.backoff(1, almostOne)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(2, almostOne)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(3, almostOne)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoff(4, almostOne)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.backoff(5, almostOne)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.backoff(200, almostOne)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void backoffIsFullJitterFromZeroToTheCeiling() {
        assertThat(policy.backoff(3, 0.0)).isEqualTo(Duration.ZERO);
        assertThat(policy.backoff(3, 0.5)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void retryAfterIsHonouredUpToItsCap() {
        assertThat(policy.retryAfter(Optional.of(Duration.ofSeconds(2)))).contains(Duration.ofSeconds(2));
        assertThat(policy.retryAfter(Optional.of(Duration.ofHours(1)))).contains(Duration.ofSeconds(5));
        assertThat(policy.retryAfter(Optional.empty())).isEmpty();
    }

    @Test
    void maxTotalWaitBoundsAllWaitsOfOneDelivery() {
        assertThat(policy.maxTotalWait()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.backoff(0, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
