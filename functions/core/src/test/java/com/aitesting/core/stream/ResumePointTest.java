package com.aitesting.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.run.RunHead;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunStatus;
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

    @Test
    void aClientAtOrAfterTheTerminalEventHasAllAndOnePastTheLastEventIsRefusedByItsSource() {
        RunId run = RunId.random();
        RunHead ended = new RunHead(run, RunStatus.COMPLETED, 7, 6); // an audit event (7) after the terminal one (6)
        assertThat(ResumePoint.after(5).hasAll(ended)).isFalse();
        assertThat(ResumePoint.after(6).hasAll(ended)).isTrue();
        assertThat(ResumePoint.of("7", null).hasAll(ended)).isTrue();
        RunHead running = new RunHead(run, RunStatus.RUNNING, 7);
        assertThat(ResumePoint.after(7).hasAll(running)).as("at the head of a live run: wait for more").isFalse();

        assertThatThrownBy(() -> ResumePoint.of("8", "3").hasAll(running)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("past the run's last event (seq 7)")
                .extracting(e -> ((InvalidInputException) e).errors().getFirst().field()).isEqualTo("Last-Event-ID");
        assertThatThrownBy(() -> ResumePoint.after(8).hasAll(ended)).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).errors().getFirst().field()).isEqualTo("after");
    }
}
