package com.aitesting.core.finding;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which counts of a step's summary are work it could not test (the rule every executor's counts follow). */
class StepShortfallTest {
    private static RunEvent completed(Map<String, Object> summary) {
        return new RunEvent(RunId.random(), 7, RunEventType.STEP_COMPLETED, Map.of("step_index", 3, "step_id", "scan",
                "test_id", "tls.protocol_and_cipher_scan", "summary", summary), Instant.EPOCH);
    }

    @Test
    void refusalsFailuresAndSkippedWorkAreUntestedAndOtherCountsAreResults() {
        StepShortfall shortfall = StepShortfall.of(completed(Map.ofEntries(Map.entry("mode", "real"), Map.entry("blocked", 2),
                Map.entry("endpoints_failed", 1), Map.entry("name_servers_skipped", 4), Map.entry("redirects_not_judged", 1),
                Map.entry("transfers_unproven", 1), Map.entry("probes_inconclusive", 3), Map.entry("redirects_unusable", 1), Map.entry("candidates_unreachable", 1),
                Map.entry("transfers_refused", 5), Map.entry("ports_open", 2), Map.entry("lookups_failed", 0)))).orElseThrow();

        assertThat(shortfall.counts()).containsOnlyKeys("blocked", "endpoints_failed", "name_servers_skipped",
                "redirects_not_judged", "transfers_unproven", "probes_inconclusive", "redirects_unusable", "candidates_unreachable");
        assertThat(shortfall.stepIndex()).isEqualTo(3);
        assertThat(shortfall.describe()).startsWith("scan (tls.protocol_and_cipher_scan): blocked 2, candidates_unreachable 1, endpoints_failed 1");
    }

    @Test
    void aStepThatTestedEverythingOrHasNoSummaryHasNoShortfall() {
        assertThat(StepShortfall.of(completed(Map.of("mode", "real", "probes", 1000, "ports_open", 1, "transfers_refused", 2,
                "domains_not_found", 1, "candidates_failed", 0)))).isEmpty();
        assertThat(StepShortfall.of(new RunEvent(RunId.random(), 1, RunEventType.STEP_COMPLETED, Map.of(), Instant.EPOCH))).isEmpty();
    }
}
