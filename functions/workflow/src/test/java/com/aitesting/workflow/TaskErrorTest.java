package com.aitesting.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.RunFailure;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunModeUnavailableException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskErrorTest {
    private static final RunId RUN = RunId.random();

    @Test
    void anUnexpectedLambdaErrorIsAnInternalErrorWhoseClassAndMessageAreOnlyInTheDetails() {
        TaskError error = TaskError.of(Map.of("Error", "java.lang.IllegalStateException",
                "Cause", "{\"errorMessage\":\"the scanner crashed\",\"errorType\":\"java.lang.IllegalStateException\"}"));

        assertThat(error.failure()).isEqualTo(RunFailure.INTERNAL_ERROR);
        String shown = error.failure().reason(error.reference(RUN)) + error.failure().payload(error.reference(RUN));
        assertThat(shown).doesNotContain("IllegalStateException", "scanner", "java.");
        assertThat(error.details()).isEqualTo("java.lang.IllegalStateException: the scanner crashed");
    }

    @Test
    void aRealRunAtAWorkerThatOnlySimulatesFailsWithItsOwnCodeAndNoReference() {
        TaskError error = TaskError.of(Map.of("Error", RunModeUnavailableException.class.getName(), "Cause", "{}"));
        assertThat(error.failure()).isEqualTo(RunFailure.MODE_UNAVAILABLE);
        assertThat(RunFailure.MODE_UNAVAILABLE.payload(null)).containsEntry("code", "mode_unavailable")
                .doesNotContainKey("reference");
        assertThat(RunFailure.MODE_UNAVAILABLE.sentence()).contains("SIMULATE_PROGRESS=true").doesNotContain("Exception");
    }

    @Test
    void timeoutsHaveTheirOwnCodesAndAPlainTextCauseIsTheMessage() {
        assertThat(TaskError.of(Map.of("Error", "States.Timeout", "Cause", "")).failure()).isEqualTo(RunFailure.STEP_TIMED_OUT);
        assertThat(RunFailure.STEP_TIMED_OUT.sentence()).isEqualTo("A step did not finish within its time limit.");
        assertThat(TaskError.of(Map.of("Error", "States.HeartbeatTimeout")).failure()).isEqualTo(RunFailure.STEP_HEARTBEAT_LOST);
        assertThat(TaskError.of(Map.of("Error", "Custom", "Cause", "disk full")).details()).isEqualTo("Custom: disk full");
        assertThat(TaskError.of(Map.of("Error", "Lambda.Unknown")).details()).isEqualTo("Lambda.Unknown");
        assertThat(TaskError.of(Map.of("Error", "X", "Cause", "x".repeat(5000))).details()).hasSize(2000);
    }

    @Test
    void theReferenceIsStableForTheSameRunAndErrorSoARetriedTaskRecordsTheSameOne() {
        TaskError error = TaskError.of(Map.of("Error", "java.lang.IllegalStateException", "Cause", "boom"));
        assertThat(error.reference(RUN)).isEqualTo(TaskError.of(Map.of("Error", "java.lang.IllegalStateException", "Cause", "boom"))
                .reference(RUN)).hasSize(13);
        assertThat(error.reference(RunId.random())).isNotEqualTo(error.reference(RUN));
    }
}
