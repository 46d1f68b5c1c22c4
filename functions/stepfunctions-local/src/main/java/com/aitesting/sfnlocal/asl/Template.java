package com.aitesting.sfnlocal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payload template (Parameters, ResultSelector, ItemSelector): literal JSON in which keys ending in
 * {@code .$} take their value from a path or an intrinsic function. Parsed (and so validated) at load.
 */
public sealed interface Template {

    JsonNode evaluate(PathContext scope);

    static Template parse(JsonNode node) {
        if (node.isObject()) {
            Map<String, Template> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String key = e.getKey();
                if (key.endsWith(".$")) {
                    String name = key.substring(0, key.length() - 2);
                    if (!e.getValue().isTextual()) {
                        throw new IllegalArgumentException("the value of '" + key + "' must be a path or an intrinsic function");
                    }
                    fields.put(name, dynamic(key, e.getValue().asText()));
                } else {
                    fields.put(key, parse(e.getValue()));
                }
            }
            return new ObjectTemplate(fields);
        }
        if (node.isArray()) {
            List<Template> items = new ArrayList<>();
            node.forEach(item -> items.add(parse(item)));
            return new ArrayTemplate(items);
        }
        return new Literal(node);
    }

    private static Template dynamic(String key, String expression) {
        if (expression.startsWith("$")) {
            return new PathValue(key, JsonPath.parse(expression));
        }
        if (Intrinsic.looksLikeCall(expression)) {
            return new IntrinsicValue(Intrinsic.parse(expression));
        }
        throw new IllegalArgumentException("the value of '" + key + "' is neither a path nor an intrinsic function: " + expression);
    }

    record Literal(JsonNode value) implements Template {
        @Override
        public JsonNode evaluate(PathContext scope) {
            return value.deepCopy();
        }
    }

    record PathValue(String key, JsonPath path) implements Template {
        @Override
        public JsonNode evaluate(PathContext scope) {
            return path.require(scope, key).deepCopy();
        }
    }

    record IntrinsicValue(Intrinsic call) implements Template {
        @Override
        public JsonNode evaluate(PathContext scope) {
            return call.evaluate(scope);
        }
    }

    record ObjectTemplate(Map<String, Template> fields) implements Template {
        @Override
        public JsonNode evaluate(PathContext scope) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach((name, template) -> out.set(name, template.evaluate(scope)));
            return out;
        }
    }

    record ArrayTemplate(List<Template> items) implements Template {
        @Override
        public JsonNode evaluate(PathContext scope) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            items.forEach(item -> out.add(item.evaluate(scope)));
            return out;
        }
    }
}
