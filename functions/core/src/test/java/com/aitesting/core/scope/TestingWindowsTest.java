package com.aitesting.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.InvalidInputException.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestingWindowsTest {
    private static TestingWindow weekly(List<String> days, String start, String end, String zone) {
        return new WindowInput("weekly", start, end, days, zone).parse();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void noWindowsMeansAlwaysOpen() {
        TestingWindows none = new TestingWindows(List.of());
        assertThat(none.isOpen(at("2025-01-01T03:00:00Z"))).isTrue();
        assertThat(none.nextOpening(at("2025-01-01T03:00:00Z"))).contains(at("2025-01-01T03:00:00Z"));
    }

    @Test
    void absoluteWindowIsHalfOpenAndHasNoOpeningAfterItsEnd() {
        TestingWindow w = new WindowInput("absolute", "2025-03-01T22:00:00+01:00", "2025-03-02T06:00:00+01:00", null, null).parse();
        TestingWindows windows = new TestingWindows(List.of(w));
        assertThat(windows.isOpen(at("2025-03-01T21:00:00Z"))).isTrue();
        assertThat(windows.isOpen(at("2025-03-02T05:00:00Z"))).isFalse();
        assertThat(windows.nextOpening(at("2025-03-01T00:00:00Z"))).contains(at("2025-03-01T21:00:00Z"));
        assertThat(windows.nextOpening(at("2025-03-02T05:00:00Z"))).isEmpty();
    }

    @Test
    void weeklyWindowCrossingMidnightBelongsToTheDayItStarts() {
        // Monday 22:00 to Tuesday 06:00, Berlin (UTC+1 in January)
        TestingWindows windows = new TestingWindows(List.of(weekly(List.of("mon"), "22:00", "06:00", "Europe/Berlin")));
        assertThat(windows.isOpen(at("2025-01-06T21:00:00Z"))).as("Mon 22:00").isTrue();
        assertThat(windows.isOpen(at("2025-01-07T04:59:00Z"))).as("Tue 05:59").isTrue();
        assertThat(windows.isOpen(at("2025-01-07T05:00:00Z"))).as("Tue 06:00").isFalse();
        assertThat(windows.isOpen(at("2025-01-06T04:00:00Z"))).as("Mon 05:00, Sunday night not listed").isFalse();
        assertThat(windows.nextOpening(at("2025-01-07T05:00:00Z"))).contains(at("2025-01-13T21:00:00Z"));
    }

    @Test
    void weeklyWindowFollowsDaylightSavingTime() {
        // Berlin switches to summer time on Sunday 2025-03-30: 22:00 local is 21:00Z before, 20:00Z after
        TestingWindows windows = new TestingWindows(List.of(weekly(List.of("sat", "sun"), "22:00", "23:00", "Europe/Berlin")));
        assertThat(windows.nextOpening(at("2025-03-29T12:00:00Z"))).contains(at("2025-03-29T21:00:00Z"));
        assertThat(windows.nextOpening(at("2025-03-29T22:30:00Z"))).contains(at("2025-03-30T20:00:00Z"));
        assertThat(windows.isOpen(at("2025-03-30T20:30:00Z"))).isTrue();
    }

    @Test
    void anOpeningInTheSpringForwardGapOpensWhenTheClocksJump() {
        TestingWindows windows = new TestingWindows(List.of(weekly(List.of("sun"), "02:30", "04:00", "Europe/Berlin")));
        // 02:30 does not exist on 2025-03-30; the clocks jump from 02:00 CET (01:00Z) to 03:00 CEST
        Optional<Instant> next = windows.nextOpening(at("2025-03-29T12:00:00Z"));
        assertThat(next).contains(at("2025-03-30T01:30:00Z"));
        assertThat(windows.isOpen(next.orElseThrow())).isTrue();
    }

    @Test
    void nextOpeningIsTheEarliestOfAllWindows() {
        TestingWindows windows = new TestingWindows(List.of(
                weekly(List.of("fri"), "20:00", "23:00", "UTC"),
                weekly(List.of("wed"), "09:00", "10:00", "America/New_York")));
        // Tuesday 2025-01-07 12:00Z: Wednesday 09:00 New York (14:00Z) comes before Friday 20:00Z
        assertThat(windows.isOpen(at("2025-01-07T12:00:00Z"))).isFalse();
        assertThat(windows.nextOpening(at("2025-01-07T12:00:00Z"))).contains(at("2025-01-08T14:00:00Z"));
    }

    @Test
    void weeklyInputIsValidatedFieldByField() {
        assertThatThrownBy(() -> weekly(List.of("mon", "funday"), "25:00", "6pm", "CET+1"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(FieldError::field)
                        .containsExactly("days[1]", "start", "end", "time_zone"));
        assertThatThrownBy(() -> weekly(List.of(), "22:00", "06:00", "UTC")).hasMessageContaining("days");
        assertThatThrownBy(() -> weekly(List.of("mon"), "22:00", "22:00", "UTC")).hasMessageContaining("must differ from start");
        assertThatThrownBy(() -> weekly(List.of("mon"), "22:00", "06:00", "+02:00")).hasMessageContaining("IANA");
    }

    @Test
    void absoluteInputNeedsOffsetsAndAnEndAfterTheStart() {
        assertThatThrownBy(() -> new WindowInput("absolute", "2025-03-01T22:00:00Z", "2025-03-02T06:00:00Z", List.of("mon"), null).parse())
                .isInstanceOf(InvalidInputException.class).extracting(e -> ((InvalidInputException) e).errors().getFirst().field())
                .isEqualTo("days");
        assertThatThrownBy(() -> new WindowInput("absolute", "2025-03-01T22:00:00Z", "2025-03-02T06:00:00Z", null, "Europe/Paris").parse())
                .isInstanceOf(InvalidInputException.class).extracting(e -> ((InvalidInputException) e).errors().getFirst().field())
                .isEqualTo("time_zone");
        assertThatThrownBy(() -> new WindowInput("absolute", "2025-03-01T22:00:00", "2025-03-02T06:00:00Z", null, null).parse())
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(FieldError::field).containsExactly("start"));
        assertThatThrownBy(() -> new WindowInput("absolute", "2025-03-02T06:00:00Z", "2025-03-01T22:00:00Z", null, null).parse())
                .satisfies(e -> {
                    assertThat(((InvalidInputException) e).kind()).isEqualTo(InvalidInputException.Kind.UNPROCESSABLE);
                    assertThat(((InvalidInputException) e).errors()).extracting(FieldError::field).containsExactly("end");
                });
        assertThatThrownBy(() -> new WindowInput("daily", null, null, null, null).parse())
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(FieldError::field).containsExactly("kind"));
    }
}
