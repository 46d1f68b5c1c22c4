package com.aitesting.core.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.ConflictException;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.run.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which runs export: an ended real one; the rest are a 409 that says why (the HTTP side: FindingExportsIT). */
class ListRunFindingsTest {
    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"COMPLETED", "FAILED", "ABORTED"})
    void anEndedRealRunExports(RunStatus status) {
        assertThatCode(() -> ListRunFindings.requireExportable(FindingExportsTest.ended(status, 1, null), true)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"QUEUED", "RUNNING", "PAUSING", "PAUSED"})
    void aRealRunThatHasNotEndedIsNotFinished(RunStatus status) {
        Run run = FindingExportsTest.ended(status, 1, null);
        assertThatThrownBy(() -> ListRunFindings.requireExportable(run, true))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.type()).isEqualTo("run-not-finished");
                    assertThat(e.details()).containsEntry("run_status", status.wire()).containsEntry("run_mode", "real");
                    assertThat(e.getMessage()).contains("is " + status.wire(), "once it has ended");
                });
        // before its first step finished: still "not finished", not "nothing tested"
        assertThatThrownBy(() -> ListRunFindings.requireExportable(run, false))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.type()).isEqualTo("run-not-finished"));
    }

    @ParameterizedTest
    @EnumSource(RunStatus.class)
    void aSimulatedRunNeverExportsWhateverItsStatus(RunStatus status) {
        assertThatThrownBy(() -> ListRunFindings.requireExportable(FindingExportsTest.ended(status, 2, null, RunMode.SIMULATED), true))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.type()).isEqualTo("nothing-tested");
                    assertThat(e.details()).containsEntry("run_mode", "simulated").containsEntry("run_status", status.wire());
                    assertThat(e.getMessage()).contains("simulated", "clean scan", "SIMULATE_PROGRESS=false");
                });
    }

    @Test
    void aRunThatEndedBeforeAnyStepFinishedAndStoredNothingTestedNothing() {
        assertThatThrownBy(() -> ListRunFindings.requireExportable(FindingExportsTest.ended(RunStatus.ABORTED, 0, null), false))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.type()).isEqualTo("nothing-tested");
                    assertThat(e.details()).containsEntry("run_status", "aborted").containsEntry("run_mode", "real");
                    assertThat(e.getMessage()).contains("before any step finished");
                });
    }
}
