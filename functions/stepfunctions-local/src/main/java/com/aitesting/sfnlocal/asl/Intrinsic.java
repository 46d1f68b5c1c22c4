package com.aitesting.sfnlocal.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An intrinsic function call such as {@code States.Format('run {}', $.id)}, parsed at load. Only the
 * functions listed in {@link #SUPPORTED} exist; any other name is rejected at load.
 */
public final class Intrinsic {

    public static final Set<String> SUPPORTED = Set.of("States.Format", "States.StringToJson", "States.JsonToString",
            "States.Array", "States.MathAdd", "States.UUID", "States.ArrayLength", "States.ArrayGetItem");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One argument: a literal, a path, or a nested call. */
    sealed interface Arg permits StringArg, ValueArg, PathArg, CallArg {
    }

    /** Keeps the raw text (escapes unresolved) because States.Format must tell {@code \{} from {@code {}}. */
    record StringArg(String raw) implements Arg {
        String value() {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length()) {
                    c = raw.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
    }

    record ValueArg(JsonNode value) implements Arg {
    }

    record PathArg(JsonPath path) implements Arg {
    }

    record CallArg(Intrinsic call) implements Arg {
    }

    private final String name;
    private final List<Arg> args;
    private final String text;

    private Intrinsic(String name, List<Arg> args, String text) {
        this.name = name;
        this.args = List.copyOf(args);
        this.text = text;
    }

    public static boolean looksLikeCall(String text) {
        return text.startsWith("States.");
    }

    public static Intrinsic parse(String text) {
        Parser parser = new Parser(text);
        Intrinsic call = parser.call();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw new IllegalArgumentException("unexpected text after the intrinsic function in '" + text + "'");
        }
        return call;
    }

    public JsonNode evaluate(PathContext scope) {
        List<JsonNode> values = new ArrayList<>();
        if (!name.equals("States.Format")) {
            for (Arg arg : args) {
                values.add(value(arg, scope));
            }
        }
        return switch (name) {
            case "States.Format" -> format(scope);
            case "States.StringToJson" -> stringToJson(values.get(0));
            case "States.JsonToString" -> TextNode.valueOf(values.get(0).toString());
            case "States.Array" -> NODES.arrayNode().addAll(values);
            case "States.MathAdd" -> mathAdd(integer(values.get(0)), integer(values.get(1)));
            case "States.UUID" -> TextNode.valueOf(UUID.randomUUID().toString());
            case "States.ArrayLength" -> NODES.numberNode(array(values.get(0)).size());
            case "States.ArrayGetItem" -> arrayItem(array(values.get(0)), integer(values.get(1)));
            default -> throw new IllegalStateException("unreachable: " + name);
        };
    }

    private JsonNode value(Arg arg, PathContext scope) {
        return switch (arg) {
            case StringArg s -> TextNode.valueOf(s.value());
            case ValueArg v -> v.value();
            case PathArg p -> p.path().read(scope).orElseThrow(() -> failure("the path " + p.path() + " was not found"));
            case CallArg c -> c.call().evaluate(scope);
        };
    }

    private JsonNode format(PathContext scope) {
        String template;
        boolean escaped;
        if (args.get(0) instanceof StringArg s) {
            template = s.raw();
            escaped = true;
        } else {
            JsonNode t = value(args.get(0), scope);
            if (!t.isTextual()) {
                throw failure("the template must be a string");
            }
            template = t.asText();
            escaped = false;
        }
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (escaped && c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= args.size()) {
                    throw failure("more placeholders than arguments");
                }
                out.append(formatArgument(value(args.get(next++), scope)));
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) {
            throw failure("more arguments than placeholders");
        }
        return TextNode.valueOf(out.toString());
    }

    private String formatArgument(JsonNode value) {
        if (value.isContainerNode()) {
            throw failure("an argument is not a string, number, boolean or null: " + value);
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    private JsonNode stringToJson(JsonNode value) {
        if (!value.isTextual()) {
            throw failure("the argument is not a string");
        }
        try {
            return JSON.readTree(value.asText());
        } catch (JsonProcessingException e) {
            throw failure("the argument is not JSON text: " + e.getOriginalMessage());
        }
    }

    private long integer(JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw failure("the argument " + value + " is not an integer");
        }
        return value.asLong();
    }

    /** Integers in, an integer out (States.MathAdd works on 32-bit integers). */
    private JsonNode mathAdd(long a, long b) {
        long sum = a + b;
        if (sum != (int) sum) {
            throw failure("the sum " + sum + " is outside the integer range");
        }
        return NODES.numberNode((int) sum);
    }

    private ArrayNode array(JsonNode value) {
        if (!(value instanceof ArrayNode a)) {
            throw failure("the argument " + value + " is not an array");
        }
        return a;
    }

    private JsonNode arrayItem(ArrayNode array, long index) {
        if (index < 0 || index >= array.size()) {
            throw failure("index " + index + " is out of bounds for an array of " + array.size());
        }
        return array.get((int) index);
    }

    private StatesError failure(String why) {
        return StatesError.runtime("The evaluation of the intrinsic function '" + text + "' failed: " + why);
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Intrinsic call() {
            skipSpaces();
            int start = pos;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '.')) {
                pos++;
            }
            String name = text.substring(start, pos);
            if (!SUPPORTED.contains(name)) {
                throw new IllegalArgumentException("unsupported intrinsic function '" + name + "' (supported: "
                        + String.join(", ", new java.util.TreeSet<>(SUPPORTED)) + ")");
            }
            expect('(');
            List<Arg> args = new ArrayList<>();
            skipSpaces();
            if (peekIs(')')) {
                pos++;
            } else {
                while (true) {
                    args.add(arg());
                    skipSpaces();
                    if (peekIs(',')) {
                        pos++;
                    } else {
                        expect(')');
                        break;
                    }
                }
            }
            checkArity(name, args);
            return new Intrinsic(name, args, text.substring(start, pos));
        }

        private Arg arg() {
            skipSpaces();
            if (atEnd()) {
                throw syntax("an argument is missing");
            }
            char c = peek();
            if (c == '\'') {
                return string();
            }
            if (c == '$') {
                int start = pos;
                while (!atEnd() && peek() != ',' && peek() != ')' && !Character.isWhitespace(peek())) {
                    if (peek() == '[' && pos + 1 < text.length() && text.charAt(pos + 1) == '\'') {
                        pos = text.indexOf(']', pos + 2);
                        if (pos < 0) {
                            throw syntax("unterminated bracket");
                        }
                    }
                    pos++;
                }
                return new PathArg(JsonPath.parse(text.substring(start, pos)));
            }
            if (text.startsWith("States.", pos)) {
                return new CallArg(call());
            }
            int start = pos;
            while (!atEnd() && peek() != ',' && peek() != ')' && !Character.isWhitespace(peek())) {
                pos++;
            }
            String literal = text.substring(start, pos);
            try {
                JsonNode value = JSON.readTree(literal);
                if (value == null || value.isContainerNode() || value.isTextual() || value.isMissingNode()) {
                    throw syntax("unsupported argument '" + literal + "'");
                }
                return new ValueArg(value);
            } catch (JsonProcessingException e) {
                throw syntax("unsupported argument '" + literal + "'");
            }
        }

        private StringArg string() {
            int start = ++pos;
            while (!atEnd() && peek() != '\'') {
                if (peek() == '\\') {
                    pos++;
                }
                pos++;
            }
            if (atEnd()) {
                throw syntax("unterminated string");
            }
            return new StringArg(text.substring(start, pos++));
        }

        private void checkArity(String name, List<Arg> args) {
            int n = args.size();
            boolean ok = switch (name) {
                case "States.Format" -> n >= 1;
                case "States.StringToJson", "States.JsonToString", "States.ArrayLength" -> n == 1;
                case "States.MathAdd", "States.ArrayGetItem" -> n == 2;
                case "States.UUID" -> n == 0;
                default -> true; // States.Array takes any number
            };
            if (!ok) {
                throw syntax(name + " does not take " + n + " argument(s)");
            }
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        private char peek() {
            return text.charAt(pos);
        }

        private boolean peekIs(char c) {
            return !atEnd() && peek() == c;
        }

        private void expect(char c) {
            skipSpaces();
            if (!peekIs(c)) {
                throw syntax("expected '" + c + "' at position " + pos);
            }
            pos++;
        }

        private IllegalArgumentException syntax(String why) {
            return new IllegalArgumentException("invalid intrinsic function '" + text + "': " + why);
        }
    }
}
