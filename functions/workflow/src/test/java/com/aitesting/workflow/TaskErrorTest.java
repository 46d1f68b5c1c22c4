package com.aitesting.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskErrorTest {
    @Test
    void aLambdaCauseGivesItsErrorMessage() {
        TaskError error = TaskError.of(Map.of("Error", "java.lang.IllegalStateException",
                "Cause", "{\"errorMessage\":\"the scanner crashed\",\"errorType\":\"java.lang.IllegalStateException\"}"));
        assertThat(error.reason()).isEqualTo("A step failed: the scanner crashed");
    }

    @Test
    void aPlainTextCauseIsTheMessageAndTimeoutsAreNamed() {
        assertThat(TaskError.of(Map.of("Error", "Custom", "Cause", "disk full")).reason()).isEqualTo("A step failed: disk full");
        assertThat(TaskError.of(Map.of("Error", "States.Timeout", "Cause", "")).reason())
                .isEqualTo("A step did not finish within its time limit.");
        assertThat(TaskError.of(Map.of("Error", "Lambda.Unknown")).reason()).isEqualTo("A step failed (Lambda.Unknown).");
        assertThat(TaskError.of(Map.of("Error", "X", "Cause", "x".repeat(2000))).reason()).hasSize(500);
    }
}
