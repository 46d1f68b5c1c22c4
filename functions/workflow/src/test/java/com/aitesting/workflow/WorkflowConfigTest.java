package com.aitesting.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** SIMULATE_PROGRESS reads the same in the workflow functions as in the API (aws Flags). */
class WorkflowConfigTest {
    @Test
    void simulateProgressAcceptsTheApisSpellings() {
        assertThat(WorkflowConfig.realSteps(Map.of())).as("unset: simulate").isEmpty();
        assertThat(WorkflowConfig.realSteps(Map.of("SIMULATE_PROGRESS", "yes"))).isEmpty();
        assertThat(WorkflowConfig.realSteps(Map.of("SIMULATE_PROGRESS", " OFF "))).as("real runs").isPresent();
        assertThat(WorkflowConfig.realSteps(Map.of("SIMULATE_PROGRESS", "0"))).isPresent();
    }

    @Test
    void anotherValueStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> WorkflowConfig.realSteps(Map.of("SIMULATE_PROGRESS", "sometimes")))
                .hasMessageContaining("SIMULATE_PROGRESS must be true or false");
    }
}
