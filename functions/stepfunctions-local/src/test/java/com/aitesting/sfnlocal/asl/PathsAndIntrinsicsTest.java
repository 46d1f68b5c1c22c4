package com.aitesting.sfnlocal.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PathsAndIntrinsicsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void readsDotBracketAndIndexSteps() throws Exception {
        PathContext scope = new PathContext(json("{\"a\":{\"b c\":[10,{\"d\":true}]}}"), json("{\"Execution\":{\"Id\":\"x\"}}"));

        assertThat(JsonPath.parse("$.a['b c'][1].d").read(scope)).contains(json("true"));
        assertThat(JsonPath.parse("$$.Execution.Id").read(scope).map(JsonNode::asText)).contains("x");
        assertThat(JsonPath.parse("$.a.missing").read(scope)).isEmpty();
        assertThat(JsonPath.parse("$.a['b c'][5]").read(scope)).isEmpty();
    }

    @Test
    void writesResultPathsCreatingObjectsAndRefusingToOverwriteScalars() throws Exception {
        JsonNode input = json("{\"a\":1,\"list\":[1,2]}");

        assertThat(JsonPath.parse("$.x.y").write(input, json("5"))).isEqualTo(json("{\"a\":1,\"list\":[1,2],\"x\":{\"y\":5}}"));
        assertThat(JsonPath.parse("$.list[1]").write(input, json("9"))).isEqualTo(json("{\"a\":1,\"list\":[1,9]}"));
        assertThat(input).isEqualTo(json("{\"a\":1,\"list\":[1,2]}"));
        assertThatThrownBy(() -> JsonPath.parse("$.a.b").write(input, json("5")))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("States.ResultPathMatchFailure"));
    }

    @Test
    void evaluatesTheSupportedIntrinsics() throws Exception {
        PathContext scope = new PathContext(json("{\"n\":2,\"s\":\"x\",\"arr\":[\"a\",\"b\"],\"text\":\"{\\\"k\\\":[1]}\"}"), json("{}"));

        assertThat(Intrinsic.parse("States.Format('{} and {} \\{\\} it\\'s', $.n, $.s)").evaluate(scope).asText()).isEqualTo("2 and x {} it's");
        assertThat(Intrinsic.parse("States.StringToJson($.text)").evaluate(scope)).isEqualTo(json("{\"k\":[1]}"));
        assertThat(Intrinsic.parse("States.JsonToString($.arr)").evaluate(scope).asText()).isEqualTo("[\"a\",\"b\"]");
        assertThat(Intrinsic.parse("States.Array($.n, 'lit', true, null, States.MathAdd($.n, -5))").evaluate(scope))
                .isEqualTo(json("[2,\"lit\",true,null,-3]"));
        assertThat(Intrinsic.parse("States.UUID()").evaluate(scope).asText()).matches("[0-9a-f-]{36}");
        assertThat(Intrinsic.parse("States.ArrayLength($.arr)").evaluate(scope).asInt()).isEqualTo(2);
        assertThat(Intrinsic.parse("States.ArrayGetItem($.arr, 1)").evaluate(scope).asText()).isEqualTo("b");
    }

    @Test
    void intrinsicMisuseFailsAtLoadOrAsStatesRuntime() throws Exception {
        assertThatThrownBy(() -> Intrinsic.parse("States.MathAdd(1)")).hasMessageContaining("does not take 1 argument");
        assertThatThrownBy(() -> Intrinsic.parse("States.Nope()")).hasMessageContaining("unsupported intrinsic function");
        PathContext scope = new PathContext(json("{\"s\":\"x\"}"), json("{}"));
        assertThatThrownBy(() -> Intrinsic.parse("States.MathAdd($.s, 1)").evaluate(scope))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.isRuntime()).isTrue());
    }

    @Test
    void choiceOperatorsCompareByTypeAndMatchWildcards() throws Exception {
        assertThat(ChoiceOperator.STRING_MATCHES.test(json("\"log-2024.txt\""), json("\"log-*.txt\""))).isTrue();
        assertThat(ChoiceOperator.STRING_MATCHES.test(json("\"a*b\""), json("\"a\\\\*b\""))).isTrue();
        assertThat(ChoiceOperator.STRING_MATCHES.test(json("\"axb\""), json("\"a\\\\*b\""))).isFalse();
        assertThat(ChoiceOperator.NUMERIC_EQUALS.test(json("1.0"), json("1"))).isTrue();
        assertThat(ChoiceOperator.NUMERIC_EQUALS.test(json("\"1\""), json("1"))).isFalse();
        assertThat(ChoiceOperator.TIMESTAMP_GREATER_THAN.test(json("\"2024-01-01T01:00:00+01:00\""), json("\"2023-12-31T23:59:59Z\""))).isTrue();
        assertThat(ChoiceOperator.TIMESTAMP_EQUALS.test(json("\"2024-01-01T01:00:00+01:00\""), json("\"2024-01-01T00:00:00Z\""))).isTrue();
        assertThat(ChoiceOperator.IS_TIMESTAMP.test(json("\"yesterday\""), json("true"))).isFalse();
        assertThat(ChoiceOperator.IS_NULL.test(json("null"), json("true"))).isTrue();
        assertThat(ChoiceOperator.STRING_LESS_THAN_EQUALS.test(json("\"abc\""), json("\"abd\""))).isTrue();
    }

    @Test
    void aMissingChoiceVariableIsAStatesRuntimeErrorExceptForIsPresent() throws Exception {
        PathContext scope = new PathContext(json("{}"), json("{}"));
        Condition present = new Condition.Comparison(JsonPath.parse("$.x"), ChoiceOperator.IS_PRESENT, json("false"), null);
        Condition equals = new Condition.Comparison(JsonPath.parse("$.x"), ChoiceOperator.STRING_EQUALS, json("\"a\""), null);

        assertThat(present.test(scope)).isTrue();
        assertThatThrownBy(() -> equals.test(scope)).isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.isRuntime()).isTrue());
    }
}
