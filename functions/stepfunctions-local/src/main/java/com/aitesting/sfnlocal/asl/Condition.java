package com.aitesting.sfnlocal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** A Choice rule's boolean expression. */
public sealed interface Condition {

    boolean test(PathContext scope);

    record And(List<Condition> all) implements Condition {
        @Override
        public boolean test(PathContext scope) {
            return all.stream().allMatch(c -> c.test(scope));
        }
    }

    record Or(List<Condition> any) implements Condition {
        @Override
        public boolean test(PathContext scope) {
            return any.stream().anyMatch(c -> c.test(scope));
        }
    }

    record Not(Condition negated) implements Condition {
        @Override
        public boolean test(PathContext scope) {
            return !negated.test(scope);
        }
    }

    /**
     * {@code Variable <operator> value}; the value is a literal or, for the {@code ...Path} operators,
     * another path. A missing Variable is a States.Runtime failure except for IsPresent.
     */
    record Comparison(JsonPath variable, ChoiceOperator operator, JsonNode literal, JsonPath valuePath)
            implements Condition {
        @Override
        public boolean test(PathContext scope) {
            Optional<JsonNode> actual = variable.read(scope);
            if (operator == ChoiceOperator.IS_PRESENT) {
                return actual.isPresent() == literal.asBoolean();
            }
            JsonNode value = actual.orElseThrow(() -> StatesError.runtime("Invalid path '" + variable
                    + "': The choice state's condition path references an invalid value."));
            JsonNode expected = valuePath == null ? literal : valuePath.read(scope).orElseThrow(() -> StatesError
                    .runtime("Invalid path '" + valuePath + "': The choice state's condition path references an invalid value."));
            return operator.test(value, expected);
        }
    }

    static Optional<OffsetDateTime> timestamp(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(node.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
