package com.aitesting.sfnlocal.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads an ASL definition (JSONPath query language) and validates everything the engine will need, so
 * that a definition the engine cannot run faithfully is rejected here, naming the state, rather than
 * failing or being ignored halfway through an execution.
 */
public final class DefinitionParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static final long DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999L;
    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("Comment", "StartAt", "States", "TimeoutSeconds",
            "Version", "QueryLanguage");
    private static final Set<String> LAMBDA_PARAMETERS = Set.of("FunctionName", "FunctionName.$", "Payload", "Payload.$");

    private final Set<String> stateNames = new HashSet<>();

    private DefinitionParser() {
    }

    /** Replaces {@code ${Key}} in string values with its substitution, then parses and validates the definition. */
    public static StateMachineDefinition parse(String definitionJson, Map<String, String> substitutions) {
        JsonNode root;
        try {
            root = JSON.readTree(definitionJson);
        } catch (JsonProcessingException e) {
            throw new DefinitionException("The definition is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new DefinitionException("The definition must be a JSON object");
        }
        JsonNode substituted = substitute(root, substitutions);
        return new DefinitionParser().machine((ObjectNode) substituted);
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> substitutions) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = substitutions.get(m.group(1));
                if (value == null) {
                    throw new DefinitionException("No DefinitionSubstitution for placeholder '${" + m.group(1) + "}'");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), substitute(e.getValue(), substitutions)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(substitute(item, substitutions)));
            return copy;
        }
        return node;
    }

    private StateMachineDefinition machine(ObjectNode root) {
        for (String field : iterable(root.fieldNames())) {
            if (!TOP_LEVEL_FIELDS.contains(field)) {
                throw new DefinitionException("Unsupported top-level field '" + field + "'");
            }
        }
        checkQueryLanguage(root, "The definition");
        long timeout = 0;
        if (root.has("TimeoutSeconds")) {
            JsonNode t = root.get("TimeoutSeconds");
            if (!t.canConvertToLong() || !t.isIntegralNumber() || t.asLong() <= 0) {
                throw new DefinitionException("TimeoutSeconds must be a positive integer");
            }
            timeout = t.asLong();
        }
        StateGraph graph = graph(root, "the state machine");
        return new StateMachineDefinition(root.toString(), graph, timeout);
    }

    private static void checkQueryLanguage(JsonNode node, String where) {
        JsonNode ql = node.get("QueryLanguage");
        if (ql != null && !"JSONPath".equals(ql.asText())) {
            throw new DefinitionException(where + " uses QueryLanguage '" + ql.asText()
                    + "'; only JSONPath is supported (JSONata is not)");
        }
    }

    private StateGraph graph(JsonNode node, String where) {
        JsonNode startAt = node.get("StartAt");
        JsonNode states = node.get("States");
        if (startAt == null || !startAt.isTextual()) {
            throw new DefinitionException("StartAt is missing in " + where);
        }
        if (states == null || !states.isObject() || states.isEmpty()) {
            throw new DefinitionException("States is missing or empty in " + where);
        }
        Map<String, State> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : states.properties()) {
            String name = e.getKey();
            if (name.isEmpty() || name.length() > 80) {
                throw new DefinitionException("State name '" + name + "' must be 1 to 80 characters");
            }
            if (!stateNames.add(name)) {
                throw DefinitionException.inState(name, "the name is used by more than one state");
            }
            if (!e.getValue().isObject()) {
                throw DefinitionException.inState(name, "a state must be a JSON object");
            }
            parsed.put(name, new StateReader(name, (ObjectNode) e.getValue()).read());
        }
        if (!parsed.containsKey(startAt.asText())) {
            throw new DefinitionException("StartAt '" + startAt.asText() + "' names no state in " + where);
        }
        checkTransitions(parsed, startAt.asText());
        return new StateGraph(startAt.asText(), parsed);
    }

    /** Every target exists in the same graph, and every state is reachable from StartAt. */
    private static void checkTransitions(Map<String, State> states, String startAt) {
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(startAt));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!reached.add(name)) {
                continue;
            }
            for (String target : targets(states.get(name))) {
                if (!states.containsKey(target)) {
                    throw DefinitionException.inState(name, "transition to '" + target + "', which is not a state in the same scope");
                }
                todo.push(target);
            }
        }
        for (String name : states.keySet()) {
            if (!reached.contains(name)) {
                throw DefinitionException.inState(name, "the state is not reachable from StartAt");
            }
        }
    }

    private static List<String> targets(State state) {
        List<String> out = new ArrayList<>();
        switch (state) {
            case State.Choice c -> {
                c.choices().forEach(b -> out.add(b.next()));
                if (c.defaultNext() != null) {
                    out.add(c.defaultNext());
                }
            }
            case State.Pass p -> addIfPresent(out, p.next());
            case State.Wait w -> addIfPresent(out, w.next());
            case State.Recoverable r -> {
                r.catchers().forEach(c -> out.add(c.next()));
                addIfPresent(out, switch (r) {
                    case State.Task t -> t.next();
                    case State.Map m -> m.next();
                    case State.Parallel p -> p.next();
                });
            }
            case State.Succeed s -> { }
            case State.Fail f -> { }
        }
        return out;
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null) {
            list.add(value);
        }
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }

    /** Reads one state, rejecting fields its type does not allow. */
    private final class StateReader {
        private final String name;
        private final ObjectNode node;

        StateReader(String name, ObjectNode node) {
            this.name = name;
            this.node = node;
        }

        State read() {
            checkQueryLanguage(node, "State '" + name + "'");
            String type = requiredString("Type");
            return switch (type) {
                case "Pass" -> pass();
                case "Task" -> task();
                case "Choice" -> choice();
                case "Wait" -> waitState();
                case "Succeed" -> {
                    allow("InputPath", "OutputPath");
                    yield new State.Succeed(name, io("InputPath"), io("OutputPath"));
                }
                case "Fail" -> {
                    allow("Error", "Cause");
                    yield new State.Fail(name, optionalString("Error"), optionalString("Cause"));
                }
                case "Map" -> map();
                case "Parallel" -> parallel();
                default -> throw fail("unsupported state Type '" + type + "'");
            };
        }

        private State pass() {
            allow("InputPath", "OutputPath", "ResultPath", "Parameters", "Result", "Next", "End");
            return new State.Pass(name, io("InputPath"), template("Parameters"), node.get("Result"),
                    resultPath(node, "ResultPath"), io("OutputPath"), next());
        }

        private State task() {
            allow("Resource", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch",
                    "TimeoutSeconds", "HeartbeatSeconds", "Next", "End");
            TaskResource resource;
            try {
                resource = TaskResource.parse(requiredString("Resource"));
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
            if (resource.kind() != TaskResource.Kind.LAMBDA_DIRECT) {
                checkLambdaParameters(resource);
            }
            long timeout = positiveLong("TimeoutSeconds", DEFAULT_TASK_TIMEOUT_SECONDS);
            long heartbeat = positiveLong("HeartbeatSeconds", 0);
            if (heartbeat > 0 && resource.kind() != TaskResource.Kind.LAMBDA_INVOKE_WAIT_FOR_TOKEN) {
                throw fail("HeartbeatSeconds is supported only on .waitForTaskToken tasks");
            }
            if (heartbeat >= timeout) {
                throw fail("HeartbeatSeconds must be smaller than TimeoutSeconds");
            }
            return new State.Task(name, resource, io("InputPath"), template("Parameters"), template("ResultSelector"),
                    resultPath(node, "ResultPath"), io("OutputPath"), retriers(), catchers(), timeout, heartbeat, next());
        }

        private void checkLambdaParameters(TaskResource resource) {
            JsonNode parameters = node.get("Parameters");
            if (parameters == null || !parameters.isObject()) {
                throw fail("Parameters with FunctionName and Payload are required for " + resource.kind());
            }
            for (String key : iterable(parameters.fieldNames())) {
                if (!LAMBDA_PARAMETERS.contains(key)) {
                    throw fail("unsupported lambda:invoke parameter '" + key + "' (supported: FunctionName, Payload)");
                }
            }
            if (parameters.has("FunctionName") == parameters.has("FunctionName.$")) {
                throw fail("exactly one of FunctionName and FunctionName.$ is required in Parameters");
            }
            if (parameters.has("Payload") == parameters.has("Payload.$")) {
                throw fail("exactly one of Payload and Payload.$ is required in Parameters");
            }
            if (resource.kind() == TaskResource.Kind.LAMBDA_INVOKE_WAIT_FOR_TOKEN
                    && !parameters.toString().contains("$$.Task.Token")) {
                throw fail("a .waitForTaskToken task must pass $$.Task.Token in its Parameters");
            }
        }

        private State choice() {
            allow("Choices", "Default", "InputPath", "OutputPath");
            JsonNode choices = node.get("Choices");
            if (choices == null || !choices.isArray() || choices.isEmpty()) {
                throw fail("Choices must be a non-empty array");
            }
            List<ChoiceBranch> branches = new ArrayList<>();
            for (JsonNode rule : choices) {
                JsonNode next = rule.get("Next");
                if (next == null || !next.isTextual()) {
                    throw fail("every Choices rule needs a Next");
                }
                branches.add(new ChoiceBranch(condition(rule, true), next.asText()));
            }
            return new State.Choice(name, io("InputPath"), io("OutputPath"), branches, optionalString("Default"));
        }

        private Condition condition(JsonNode rule, boolean topLevel) {
            if (!rule.isObject()) {
                throw fail("a Choice rule must be an object");
            }
            List<String> operators = new ArrayList<>();
            for (String key : iterable(rule.fieldNames())) {
                switch (key) {
                    case "Variable", "Comment" -> { }
                    case "Next" -> {
                        if (!topLevel) {
                            throw fail("a nested Choice rule must not have Next");
                        }
                    }
                    default -> operators.add(key);
                }
            }
            if (operators.size() != 1) {
                throw fail("a Choice rule needs exactly one operator, found " + operators);
            }
            String op = operators.get(0);
            JsonNode value = rule.get(op);
            switch (op) {
                case "And", "Or" -> {
                    if (rule.has("Variable") || !value.isArray() || value.isEmpty()) {
                        throw fail(op + " must be a non-empty array of rules without Variable");
                    }
                    List<Condition> nested = new ArrayList<>();
                    value.forEach(r -> nested.add(condition(r, false)));
                    return op.equals("And") ? new Condition.And(nested) : new Condition.Or(nested);
                }
                case "Not" -> {
                    if (rule.has("Variable")) {
                        throw fail("Not must not have Variable");
                    }
                    return new Condition.Not(condition(value, false));
                }
                default -> {
                    return comparison(rule, op, value);
                }
            }
        }

        private Condition comparison(JsonNode rule, String op, JsonNode value) {
            boolean pathVariant = op.endsWith("Path");
            ChoiceOperator operator = ChoiceOperator.byField(pathVariant ? op.substring(0, op.length() - 4) : op)
                    .filter(o -> !pathVariant || o.hasPathVariant())
                    .orElseThrow(() -> fail("unsupported Choice operator '" + op + "'"));
            JsonNode variable = rule.get("Variable");
            if (variable == null || !variable.isTextual()) {
                throw fail("the Choice rule with " + op + " needs a Variable");
            }
            JsonPath variablePath = path("Variable", variable.asText());
            if (pathVariant) {
                if (!value.isTextual()) {
                    throw fail(op + " must be a path");
                }
                return new Condition.Comparison(variablePath, operator, null, path(op, value.asText()));
            }
            if (!operator.acceptsLiteral(value)) {
                throw fail("the value of " + op + " has the wrong type: " + value);
            }
            return new Condition.Comparison(variablePath, operator, value, null);
        }

        private State waitState() {
            allow("Seconds", "SecondsPath", "Timestamp", "TimestampPath", "InputPath", "OutputPath", "Next", "End");
            List<WaitSpec> specs = new ArrayList<>();
            if (node.has("Seconds")) {
                specs.add(new WaitSpec.Seconds(nonNegativeLong("Seconds")));
            }
            if (node.has("SecondsPath")) {
                specs.add(new WaitSpec.SecondsPath(path("SecondsPath", requiredString("SecondsPath"))));
            }
            if (node.has("Timestamp")) {
                specs.add(new WaitSpec.Timestamp(Condition.timestamp(node.get("Timestamp"))
                        .orElseThrow(() -> fail("Timestamp must be an ISO-8601 timestamp")).toInstant()));
            }
            if (node.has("TimestampPath")) {
                specs.add(new WaitSpec.TimestampPath(path("TimestampPath", requiredString("TimestampPath"))));
            }
            if (specs.size() != 1) {
                throw fail("a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath");
            }
            return new State.Wait(name, io("InputPath"), io("OutputPath"), specs.get(0), next());
        }

        private State map() {
            allow("ItemProcessor", "Iterator", "ItemsPath", "ItemSelector", "Parameters", "MaxConcurrency", "InputPath",
                    "OutputPath", "ResultPath", "ResultSelector", "Retry", "Catch", "Next", "End");
            if (node.has("ItemProcessor") == node.has("Iterator")) {
                throw fail("a Map state needs exactly one of ItemProcessor and Iterator");
            }
            if (node.has("ItemSelector") && node.has("Parameters")) {
                throw fail("ItemSelector and Parameters cannot both be set");
            }
            JsonNode processor = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
            if (!processor.isObject()) {
                throw fail("the item processor must be an object");
            }
            for (String key : iterable(processor.fieldNames())) {
                if (!Set.of("StartAt", "States", "Comment", "ProcessorConfig").contains(key)
                        || (key.equals("ProcessorConfig") && node.has("Iterator"))) {
                    throw fail("unsupported field '" + key + "' in the item processor");
                }
            }
            JsonNode config = processor.get("ProcessorConfig");
            if (config != null) {
                for (String key : iterable(config.fieldNames())) {
                    if (!key.equals("Mode") || !"INLINE".equals(config.get("Mode").asText())) {
                        throw fail("only ProcessorConfig {\"Mode\": \"INLINE\"} is supported (DISTRIBUTED is not)");
                    }
                }
            }
            String itemsPath = node.has("ItemsPath") ? requiredString("ItemsPath") : "$";
            Template selector = template(node.has("ItemSelector") ? "ItemSelector" : "Parameters");
            int maxConcurrency = (int) nonNegativeLong("MaxConcurrency");
            return new State.Map(name, io("InputPath"), path("ItemsPath", itemsPath), selector,
                    graph(processor, "the item processor of state '" + name + "'"), maxConcurrency,
                    template("ResultSelector"), resultPath(node, "ResultPath"), io("OutputPath"), retriers(), catchers(),
                    next());
        }

        private State parallel() {
            allow("Branches", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch",
                    "Next", "End");
            JsonNode branches = node.get("Branches");
            if (branches == null || !branches.isArray() || branches.isEmpty()) {
                throw fail("Branches must be a non-empty array");
            }
            List<StateGraph> graphs = new ArrayList<>();
            for (JsonNode branch : branches) {
                for (String key : iterable(branch.fieldNames())) {
                    if (!Set.of("StartAt", "States", "Comment").contains(key)) {
                        throw fail("unsupported field '" + key + "' in a branch");
                    }
                }
                graphs.add(graph(branch, "branch " + graphs.size() + " of state '" + name + "'"));
            }
            return new State.Parallel(name, io("InputPath"), template("Parameters"), graphs, template("ResultSelector"),
                    resultPath(node, "ResultPath"), io("OutputPath"), retriers(), catchers(), next());
        }

        private List<Retrier> retriers() {
            List<Retrier> out = new ArrayList<>();
            JsonNode retry = node.get("Retry");
            if (retry == null) {
                return out;
            }
            if (!retry.isArray()) {
                throw fail("Retry must be an array");
            }
            for (JsonNode r : retry) {
                checkKeys(r, "Retry", "ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                        "JitterStrategy", "Comment");
                double interval = number(r, "IntervalSeconds", 1);
                int maxAttempts = (int) number(r, "MaxAttempts", 3);
                double backoff = number(r, "BackoffRate", 2.0);
                long maxDelay = (long) number(r, "MaxDelaySeconds", 0);
                String jitter = r.has("JitterStrategy") ? r.get("JitterStrategy").asText() : "NONE";
                if (interval < 1 || interval != Math.rint(interval) || maxAttempts < 0 || backoff < 1.0 || maxDelay < 0
                        || !Set.of("FULL", "NONE").contains(jitter)) {
                    throw fail("invalid Retry " + r);
                }
                out.add(new Retrier(errorEquals(r, "Retry"), interval, maxAttempts, backoff, maxDelay, jitter.equals("FULL")));
            }
            checkAllIsLast(out.stream().map(Retrier::errorEquals).toList(), "Retry");
            return out;
        }

        private List<Catcher> catchers() {
            List<Catcher> out = new ArrayList<>();
            JsonNode catches = node.get("Catch");
            if (catches == null) {
                return out;
            }
            if (!catches.isArray()) {
                throw fail("Catch must be an array");
            }
            for (JsonNode c : catches) {
                checkKeys(c, "Catch", "ErrorEquals", "ResultPath", "Next", "Comment");
                JsonNode next = c.get("Next");
                if (next == null || !next.isTextual()) {
                    throw fail("every Catch needs a Next");
                }
                out.add(new Catcher(errorEquals(c, "Catch"), resultPath(c, "ResultPath"), next.asText()));
            }
            checkAllIsLast(out.stream().map(Catcher::errorEquals).toList(), "Catch");
            return out;
        }

        private void checkAllIsLast(List<List<String>> lists, String field) {
            for (int i = 0; i < lists.size(); i++) {
                List<String> names = lists.get(i);
                if (names.contains(ErrorNames.ALL) && (names.size() > 1 || i < lists.size() - 1)) {
                    throw fail("States.ALL must appear alone in the last " + field + " entry");
                }
            }
        }

        private List<String> errorEquals(JsonNode entry, String field) {
            JsonNode names = entry.get("ErrorEquals");
            if (names == null || !names.isArray() || names.isEmpty()) {
                throw fail("every " + field + " entry needs a non-empty ErrorEquals");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode n : names) {
                if (!n.isTextual()) {
                    throw fail("ErrorEquals must hold strings");
                }
                out.add(n.asText());
            }
            return out;
        }

        private void checkKeys(JsonNode entry, String field, String... allowed) {
            if (!entry.isObject()) {
                throw fail(field + " entries must be objects");
            }
            for (String key : iterable(entry.fieldNames())) {
                if (!Set.of(allowed).contains(key)) {
                    throw fail("unsupported field '" + key + "' in " + field);
                }
            }
        }

        private double number(JsonNode entry, String field, double defaultValue) {
            JsonNode value = entry.get(field);
            if (value == null) {
                return defaultValue;
            }
            if (!value.isNumber()) {
                throw fail(field + " must be a number");
            }
            return value.asDouble();
        }

        private void allow(String... fields) {
            Set<String> allowed = new HashSet<>(Set.of(fields));
            allowed.addAll(Set.of("Type", "Comment", "QueryLanguage"));
            for (String field : iterable(node.fieldNames())) {
                if (!allowed.contains(field)) {
                    throw fail("unsupported field '" + field + "' for a " + node.get("Type").asText() + " state");
                }
            }
        }

        private String next() {
            boolean hasNext = node.has("Next");
            boolean end = node.has("End") && node.get("End").asBoolean();
            if (hasNext == end) {
                throw fail("exactly one of Next and End: true is required");
            }
            return hasNext ? requiredString("Next") : null;
        }

        private InputOutputPath io(String field) {
            if (!node.has(field)) {
                return new InputOutputPath(field, JsonPath.parse("$"));
            }
            JsonNode value = node.get(field);
            return new InputOutputPath(field, value.isNull() ? null : path(field, value.asText()));
        }

        private ResultPath resultPath(JsonNode owner, String field) {
            if (!owner.has(field)) {
                return ResultPath.REPLACE_INPUT;
            }
            JsonNode value = owner.get(field);
            if (value.isNull()) {
                return new ResultPath(null);
            }
            JsonPath path = path(field, value.asText());
            if (path.context()) {
                throw fail(field + " cannot point into the context object");
            }
            return new ResultPath(path);
        }

        private JsonPath path(String field, String text) {
            try {
                return JsonPath.parse(text);
            } catch (IllegalArgumentException e) {
                throw fail(field + ": " + e.getMessage());
            }
        }

        private Template template(String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                return null;
            }
            if (!value.isObject()) {
                throw fail(field + " must be a JSON object");
            }
            try {
                return Template.parse(value);
            } catch (IllegalArgumentException e) {
                throw fail(field + ": " + e.getMessage());
            }
        }

        private String requiredString(String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual()) {
                throw fail(field + " must be a string");
            }
            return value.asText();
        }

        private String optionalString(String field) {
            return node.has(field) ? requiredString(field) : null;
        }

        private long positiveLong(String field, long defaultValue) {
            if (!node.has(field)) {
                return defaultValue;
            }
            long value = nonNegativeLong(field);
            if (value == 0) {
                throw fail(field + " must be positive");
            }
            return value;
        }

        private long nonNegativeLong(String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                return 0;
            }
            if (!value.isIntegralNumber() || value.asLong() < 0) {
                throw fail(field + " must be a non-negative integer");
            }
            return value.asLong();
        }

        private DefinitionException fail(String message) {
            return DefinitionException.inState(name, message);
        }
    }
}
