package com.aitesting.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlagsTest {
    @Test
    void everySpellingOfTrueAndFalseInAnyCaseWithSpaces() {
        for (String yes : List.of("true", "TRUE", " 1 ", "yes", "On")) {
            assertThat(Flags.parse("X", yes, false)).as(yes).isTrue();
            assertThat(yes).as("the @Pattern form agrees").matches(Flags.PATTERN);
        }
        for (String no : List.of("false", "False", "0", " no", "OFF ")) {
            assertThat(Flags.parse("X", no, true)).as(no).isFalse();
            assertThat(no).matches(Flags.PATTERN);
        }
    }

    @Test
    void blankOrUnsetIsTheDefault() {
        assertThat(Flags.parse("X", null, true)).isTrue();
        assertThat(Flags.parse("X", "  ", false)).isFalse();
        assertThat("").matches(Flags.PATTERN);
    }

    @Test
    void anythingElseNamesTheVariable() {
        assertThatThrownBy(() -> Flags.parse("SIMULATE_PROGRESS", " maybe ", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIMULATE_PROGRESS must be true or false, was 'maybe'");
        assertThat("maybe").doesNotMatch(Flags.PATTERN);
        assertThat("truee").doesNotMatch(Flags.PATTERN);
    }
}
