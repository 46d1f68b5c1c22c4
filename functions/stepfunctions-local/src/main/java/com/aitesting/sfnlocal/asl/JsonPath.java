package com.aitesting.sfnlocal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSONPath subset ASL reference paths use: {@code $} or {@code $$}, then {@code .field},
 * {@code ['field']} and {@code [n]}. Filters, wildcards, slices, unions and recursive descent are
 * rejected when parsed, so a definition using them fails at load.
 */
public record JsonPath(String text, boolean context, List<Segment> segments) {

    public sealed interface Segment permits Field, Index {
    }

    public record Field(String name) implements Segment {
    }

    public record Index(int index) implements Segment {
    }

    private static final String FORBIDDEN_IN_NAME = "*@?()[],:'\" \t\n\\";

    public JsonPath {
        segments = List.copyOf(segments);
    }

    public static JsonPath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("a path must start with '$': " + text);
        }
        boolean context = text.startsWith("$$");
        int i = context ? 2 : 1;
        List<Segment> segments = new ArrayList<>();
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') {
                    if (FORBIDDEN_IN_NAME.indexOf(text.charAt(i)) >= 0) {
                        throw unsupported(text);
                    }
                    i++;
                }
                if (i == start) {
                    throw unsupported(text); // '..' (recursive descent) or a trailing dot
                }
                segments.add(new Field(text.substring(start, i)));
            } else if (c == '[') {
                i = parseBracket(text, i + 1, segments);
            } else {
                throw unsupported(text);
            }
        }
        return new JsonPath(text, context, segments);
    }

    private static int parseBracket(String text, int i, List<Segment> segments) {
        if (i >= text.length()) {
            throw unsupported(text);
        }
        char quote = text.charAt(i);
        if (quote == '\'' || quote == '"') {
            StringBuilder name = new StringBuilder();
            i++;
            while (i < text.length() && text.charAt(i) != quote) {
                if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                    i++;
                }
                name.append(text.charAt(i++));
            }
            if (i + 1 >= text.length() || text.charAt(i + 1) != ']') {
                throw unsupported(text);
            }
            segments.add(new Field(name.toString()));
            return i + 2;
        }
        int start = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == start || i >= text.length() || text.charAt(i) != ']') {
            throw unsupported(text); // [*], [?(...)], [1:2], [0,1], [-1]
        }
        segments.add(new Index(Integer.parseInt(text.substring(start, i))));
        return i + 1;
    }

    private static IllegalArgumentException unsupported(String text) {
        return new IllegalArgumentException("unsupported JSONPath '" + text
                + "' (supported: $, $$, .field, ['field'], [n])");
    }

    /** The node this path names, or empty when any step is missing. */
    public Optional<JsonNode> read(PathContext scope) {
        JsonNode node = context ? scope.context() : scope.input();
        for (Segment segment : segments) {
            if (node == null) {
                return Optional.empty();
            }
            node = switch (segment) {
                case Field f -> node.isObject() ? node.get(f.name()) : null;
                case Index x -> node.isArray() ? node.get(x.index()) : null;
            };
        }
        return Optional.ofNullable(node);
    }

    /** Reads a path that must exist; a missing node is a {@code States.Runtime} failure. */
    public JsonNode require(PathContext scope, String field) {
        return read(scope).orElseThrow(() -> StatesError.runtime("The JSONPath '" + text + "' specified for the field '"
                + field + "' could not be found in the input '" + (context ? scope.context() : scope.input()) + "'"));
    }

    /**
     * A copy of {@code target} with {@code value} placed at this path (ResultPath semantics): missing
     * objects on the way are created; anything else that is in the way is a
     * {@code States.ResultPathMatchFailure}.
     */
    public JsonNode write(JsonNode target, JsonNode value) {
        if (segments.isEmpty()) {
            return value;
        }
        JsonNode root = target == null ? JsonNodeFactory.instance.objectNode() : target.deepCopy();
        JsonNode parent = root;
        for (int s = 0; s < segments.size(); s++) {
            boolean last = s == segments.size() - 1;
            Segment segment = segments.get(s);
            if (segment instanceof Field f && parent instanceof ObjectNode object) {
                if (last) {
                    object.set(f.name(), value);
                } else {
                    JsonNode child = object.get(f.name());
                    if (child == null || child.isNull()) {
                        child = object.putObject(f.name());
                    }
                    parent = child;
                }
            } else if (segment instanceof Index x && parent instanceof ArrayNode array && x.index() < array.size()) {
                if (last) {
                    array.set(x.index(), value);
                } else {
                    parent = array.get(x.index());
                }
            } else {
                throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE, "Unable to apply step '" + segment
                        + "' of ResultPath '" + text + "' to input '" + target + "'");
            }
        }
        return root;
    }

    @Override
    public String toString() {
        return text;
    }
}
