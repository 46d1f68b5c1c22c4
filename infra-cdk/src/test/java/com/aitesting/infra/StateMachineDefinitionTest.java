package com.aitesting.infra;

import com.aitesting.workflow.WorkflowTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StateMachineDefinitionTest {

    private static final String ASL = "{\"FunctionName\": \"${BeginRunFunction}\", \"Payload\": {\"id.$\": \"$$.Execution.Id\"}}";

    @Test
    void replacesEachPlaceholderAndLeavesJsonPathAlone() {
        String result = StateMachineDefinition.substitute(ASL, Map.of("BeginRunFunction", "arn:begin"));

        assertThat(result).isEqualTo("{\"FunctionName\": \"arn:begin\", \"Payload\": {\"id.$\": \"$$.Execution.Id\"}}");
    }

    @Test
    void valuesThatLookLikePlaceholdersAreInsertedVerbatim() {
        String token = "${Token[TOKEN.42]}";

        assertThat(StateMachineDefinition.substitute(ASL, Map.of("BeginRunFunction", token))).contains(token);
    }

    @Test
    void aPlaceholderWithoutAFunctionOrAFunctionWithoutAPlaceholderFailsTheSynth() {
        assertThatThrownBy(() -> StateMachineDefinition.substitute(ASL, Map.of()))
                .hasMessageContaining("no function for [BeginRunFunction]");
        assertThatThrownBy(() -> StateMachineDefinition.substitute(ASL,
                Map.of("BeginRunFunction", "a", "CheckpointFunction", "b")))
                .hasMessageContaining("not referenced by the definition [CheckpointFunction]");
    }

    @Test
    void theRepositoryStateMachineUsesExactlyTheSixTaskKeys() {
        Map<String, String> byKey = Arrays.stream(WorkflowTask.values())
                .collect(Collectors.toMap(WorkflowTask::substitutionKey, task -> "arn:" + task.name()));

        String definition = StateMachineDefinition.load(Path.of("../statemachines/run.asl.json"), byKey);

        assertThat(definition).doesNotContain("${").contains("\"FunctionName\": \"arn:PARK_RUN\"");
    }
}
