package com.aitesting.sfnlocal.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DefinitionParserTest {

    static final Map<String, String> RUN_SUBSTITUTIONS = Map.of(
            "BeginRunFunction", "ait-begin-run", "CheckpointFunction", "ait-checkpoint",
            "ParkRunFunction", "ait-park-run", "ExecuteStepFunction", "ait-execute-step",
            "CompleteRunFunction", "ait-complete-run", "FailRunFunction", "ait-fail-run");

    @Test
    void loadsTheRealRunDefinitionWithItsSixSubstitutions() throws IOException {
        String json = Files.readString(Path.of("../../statemachines/run.asl.json"));

        StateMachineDefinition definition = DefinitionParser.parse(json, RUN_SUBSTITUTIONS);

        assertThat(definition.graph().startAt()).isEqualTo("BeginRun");
        assertThat(definition.json()).contains("\"FunctionName\":\"ait-begin-run\"").doesNotContain("${");
        State.Map steps = (State.Map) definition.graph().state("RunSteps");
        assertThat(steps.maxConcurrency()).isEqualTo(1);
        assertThat(steps.processor().states()).containsKeys("Checkpoint", "ControlDecision", "WaitForResume", "ExecuteStep", "Aborted");
    }

    @Test
    void rejectsAMissingSubstitution() throws IOException {
        String json = Files.readString(Path.of("../../statemachines/run.asl.json"));

        assertThatThrownBy(() -> DefinitionParser.parse(json, Map.of()))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("${BeginRunFunction}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "unknown state type | {\"Type\":\"Activity\",\"End\":true} | unsupported state Type 'Activity'",
        "unknown field | {\"Type\":\"Pass\",\"Assign\":{},\"End\":true} | unsupported field 'Assign'",
        "unknown resource | {\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage\",\"End\":true} | unsupported Resource",
        "sync integration | {\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.sync\",\"End\":true} | unsupported Resource",
        "JSONata state | {\"Type\":\"Pass\",\"QueryLanguage\":\"JSONata\",\"End\":true} | JSONata",
        "unsupported intrinsic | {\"Type\":\"Pass\",\"Parameters\":{\"h.$\":\"States.Hash($.a, 'SHA-1')\"},\"End\":true} | unsupported intrinsic function 'States.Hash'",
        "wildcard path | {\"Type\":\"Pass\",\"InputPath\":\"$.items[*]\",\"End\":true} | unsupported JSONPath '$.items[*]'",
        "filter path | {\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\"$.a[?(@.b)]\"},\"End\":true} | unsupported JSONPath",
        "recursive descent | {\"Type\":\"Pass\",\"OutputPath\":\"$..a\",\"End\":true} | unsupported JSONPath '$..a'",
        "missing next | {\"Type\":\"Pass\",\"Next\":\"Nowhere\"} | transition to 'Nowhere'",
        "next and end | {\"Type\":\"Pass\",\"Next\":\"S\",\"End\":true} | exactly one of Next and End",
        "token not passed | {\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"Parameters\":{\"FunctionName\":\"f\",\"Payload\":{}},\"End\":true} | $$.Task.Token",
        "extra lambda parameter | {\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"f\",\"Payload\":{},\"Qualifier\":\"1\"},\"End\":true} | unsupported lambda:invoke parameter 'Qualifier'",
        "distributed map | {\"Type\":\"Map\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\"},\"StartAt\":\"I\",\"States\":{\"I\":{\"Type\":\"Succeed\"}}},\"End\":true} | DISTRIBUTED",
        "unknown choice operator | {\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.a\",\"StringContains\":\"x\",\"Next\":\"S\"}]} | unsupported Choice operator 'StringContains'",
        "wrong literal type | {\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.a\",\"NumericEquals\":\"1\",\"Next\":\"S\"}]} | wrong type",
        "States.ALL not last | {\"Type\":\"Task\",\"Resource\":\"f\",\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"]},{\"ErrorEquals\":[\"X\"]}],\"End\":true} | States.ALL must appear alone",
        "heartbeat on plain task | {\"Type\":\"Task\",\"Resource\":\"f\",\"HeartbeatSeconds\":5,\"End\":true} | HeartbeatSeconds",
        "result path into context | {\"Type\":\"Pass\",\"ResultPath\":\"$$.State\",\"End\":true} | context object",
        "fail error path | {\"Type\":\"Fail\",\"ErrorPath\":\"$.e\"} | unsupported field 'ErrorPath'",
        "wait without duration | {\"Type\":\"Wait\",\"End\":true} | exactly one of Seconds",
    })
    void rejectsUnsupportedConstructsAtLoadNamingTheState(String why, String state, String message) {
        String definition = "{\"StartAt\":\"Bad\",\"States\":{\"Bad\":" + state + ",\"S\":{\"Type\":\"Succeed\"}}}";
        String reachableS = definition.replace("\"StartAt\":\"Bad\"", "\"StartAt\":\"Start\"")
                .replace("\"States\":{", "\"States\":{\"Start\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.x\",\"IsPresent\":true,\"Next\":\"S\"}],\"Default\":\"Bad\"},");

        assertThatThrownBy(() -> DefinitionParser.parse(reachableS, Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("State 'Bad'")
                .hasMessageContaining(message);
    }

    @Test
    void rejectsJsonataForTheWholeMachine() {
        String json = "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}";

        assertThatThrownBy(() -> DefinitionParser.parse(json, Map.of())).hasMessageContaining("JSONata is not");
    }

    @Test
    void rejectsAnUnreachableState() {
        String json = "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"},\"Orphan\":{\"Type\":\"Succeed\"}}}";

        assertThatThrownBy(() -> DefinitionParser.parse(json, Map.of())).hasMessageContaining("State 'Orphan': the state is not reachable");
    }

    @Test
    void rejectsANextIntoAnotherScope() {
        String json = """
                {"StartAt":"M","States":{"M":{"Type":"Map","Iterator":{"StartAt":"I","States":{"I":{"Type":"Pass","Next":"Out"}}},"Next":"Out"},
                 "Out":{"Type":"Succeed"}}}""";

        assertThatThrownBy(() -> DefinitionParser.parse(json, Map.of())).hasMessageContaining("State 'I': transition to 'Out'");
    }
}
