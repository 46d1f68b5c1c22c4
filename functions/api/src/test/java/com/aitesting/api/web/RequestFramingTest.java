package com.aitesting.api.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestFramingTest {
    /** A zero or negative head deadline would close every connection at once: the start stops, naming the variable. */
    @ParameterizedTest(name = "{0} ms")
    @ValueSource(longs = {0, -1, -10_000})
    void aHeadTimeoutThatIsNotPositiveStopsTheStart(long millis) {
        assertThatThrownBy(() -> new RequestFraming(Duration.ofMillis(millis), 262_144))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REQUEST_HEAD_TIMEOUT");
    }
}
