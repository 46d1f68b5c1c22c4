package com.aitesting.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class ResumePointTest {
    @Test
    void noHeaderAndNoAfterStartsAtTheFirstEvent() {
        assertThat(ResumePoint.of(null, null).afterSeq()).isZero();
    }

    @Test
    void theLastEventIdHeaderWinsOverAStaleAfterParameter() {
        assertThat(ResumePoint.of("42", "7").afterSeq()).isEqualTo(42);
        assertThat(ResumePoint.of(" ", "7").afterSeq()).as("an empty id means no id").isEqualTo(7);
    }

    @Test
    void anythingButANonNegativeIntegerIsAValidationErrorNamingItsSource() {
        assertThatThrownBy(() -> ResumePoint.of("abc", null)).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).errors().getFirst().field()).isEqualTo("Last-Event-ID");
        assertThatThrownBy(() -> ResumePoint.of(null, "-1")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).errors().getFirst().field()).isEqualTo("after");
        assertThatThrownBy(() -> ResumePoint.of(null, "99999999999999999999")).isInstanceOf(InvalidInputException.class);
        for (String padded : new String[] {" 3", "3 ", "+3"}) {
            assertThatThrownBy(() -> ResumePoint.of(null, padded)).as(padded).isInstanceOf(InvalidInputException.class);
        }
        assertThat(ResumePoint.of(" 42 ", null).afterSeq()).as("a header value's surrounding spaces are not part of it").isEqualTo(42);
    }

    @Test
    void aMalformedAfterIsRefusedEvenWhenTheHeaderWins() {
        assertThatThrownBy(() -> ResumePoint.of("42", "abc")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).errors().getFirst().field()).isEqualTo("after");
    }
}
