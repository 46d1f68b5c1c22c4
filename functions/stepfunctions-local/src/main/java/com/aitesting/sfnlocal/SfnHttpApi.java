package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Step Functions AWS JSON 1.0 protocol: {@code POST /} with {@code X-Amz-Target: AWSStepFunctions.<Action>}.
 * Errors carry their AWS name both in {@code X-Amzn-Errortype} and in the body's {@code __type}, which is
 * what the AWS SDKs parse into typed exceptions. Instead of AWS signatures, every request must carry
 * {@code Authorization: Bearer <the engine's per-start token>}; without it the answer is a 403 naming nothing.
 */
final class SfnHttpApi implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SfnHttpApi.class);
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final int DEFAULT_PAGE = 100;

    private final Engine engine;
    private final byte[] expectedAuthorization;

    SfnHttpApi(Engine engine, String token) {
        this.engine = engine;
        this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    private boolean authorized(HttpExchange exchange) {
        String presented = exchange.getRequestHeaders().getFirst("Authorization");
        return presented != null && java.security.MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                if (!authorized(exchange)) {
                    exchange.getRequestBody().readAllBytes();
                    ObjectNode error = Json.object().put("__type", "com.amazonaws.swf.service.v2.model#AccessDeniedException")
                            .put("message", "This endpoint requires the engine's bearer token");
                    send(exchange, 403, error, "AccessDeniedException");
                    return;
                }
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw new SfnException("UnknownOperationException", "Expected POST with X-Amz-Target: AWSStepFunctions.<Action>");
                }
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                JsonNode request = body.isBlank() ? Json.object() : Json.tryParse(body)
                        .orElseThrow(() -> new SfnException("SerializationException", "The request body is not JSON"));
                send(exchange, 200, dispatch(target.substring(TARGET_PREFIX.length()), request), null);
            } catch (SfnException e) {
                ObjectNode error = Json.object().put("__type", "com.amazonaws.swf.service.v2.model#" + e.errorCode())
                        .put("message", e.detail());
                send(exchange, 400, error, e.errorCode());
            } catch (RuntimeException e) {
                LOG.error("Step Functions request failed", e);
                ObjectNode error = Json.object().put("__type", "com.amazonaws.swf.service.v2.model#InternalFailure")
                        .put("message", "Internal error in the local Step Functions engine");
                send(exchange, 500, error, "InternalFailure");
            }
        }
    }

    private ObjectNode dispatch(String action, JsonNode request) {
        return switch (action) {
            case "StartExecution" -> {
                ExecutionDescription e = engine.startExecution(required(request, "stateMachineArn"),
                        optional(request, "name"), optional(request, "input"));
                ObjectNode out = Json.object().put("executionArn", e.executionArn());
                out.set("startDate", Json.epochSeconds(e.startDate()));
                yield out;
            }
            case "DescribeExecution" -> describe(engine.describeExecution(required(request, "executionArn")));
            case "StopExecution" -> {
                ExecutionDescription e = engine.stopExecution(required(request, "executionArn"), optional(request, "error"),
                        optional(request, "cause"));
                ObjectNode out = Json.object();
                out.set("stopDate", Json.epochSeconds(e.stopDate()));
                yield out;
            }
            case "SendTaskSuccess" -> {
                engine.sendTaskSuccess(required(request, "taskToken"), required(request, "output"));
                yield Json.object();
            }
            case "SendTaskFailure" -> {
                engine.sendTaskFailure(required(request, "taskToken"), optional(request, "error"), optional(request, "cause"));
                yield Json.object();
            }
            case "SendTaskHeartbeat" -> {
                engine.sendTaskHeartbeat(required(request, "taskToken"));
                yield Json.object();
            }
            case "ListExecutions" -> {
                String filter = optional(request, "statusFilter");
                ExecutionStatus status = filter == null ? null : status(filter);
                yield page(request, "executions", engine.listExecutions(required(request, "stateMachineArn"), status),
                        this::summary);
            }
            case "GetExecutionHistory" -> {
                List<HistoryEvent> events = engine.history(required(request, "executionArn"));
                if (request.path("reverseOrder").asBoolean(false)) {
                    events = events.reversed();
                }
                boolean includeData = request.path("includeExecutionData").asBoolean(true);
                yield page(request, "events", events, e -> event(e, includeData));
            }
            case "DescribeStateMachine" -> {
                StateMachineDescription sm = engine.describeStateMachine(required(request, "stateMachineArn"));
                ObjectNode out = Json.object().put("stateMachineArn", sm.stateMachineArn()).put("name", sm.name())
                        .put("status", "ACTIVE").put("definition", sm.definition()).put("roleArn", engine.roleArn())
                        .put("type", "STANDARD");
                out.set("creationDate", Json.epochSeconds(sm.creationDate()));
                yield out;
            }
            case "ListStateMachines" -> page(request, "stateMachines", engine.listStateMachines(), sm -> {
                ObjectNode out = Json.object().put("stateMachineArn", sm.stateMachineArn()).put("name", sm.name())
                        .put("type", "STANDARD");
                out.set("creationDate", Json.epochSeconds(sm.creationDate()));
                return out;
            });
            default -> throw new SfnException("UnknownOperationException", "Unsupported action '" + action + "'");
        };
    }

    private ObjectNode describe(ExecutionDescription e) {
        ObjectNode out = summary(e).put("input", e.input());
        out.putObject("inputDetails").put("included", true);
        if (e.output() != null) {
            out.put("output", e.output());
            out.putObject("outputDetails").put("included", true);
        }
        if (e.error() != null) {
            out.put("error", e.error());
        }
        if (e.cause() != null) {
            out.put("cause", e.cause());
        }
        return out.put("redriveCount", 0);
    }

    private ObjectNode summary(ExecutionDescription e) {
        ObjectNode out = Json.object().put("executionArn", e.executionArn()).put("stateMachineArn", e.stateMachineArn())
                .put("name", e.name()).put("status", e.status().name());
        out.set("startDate", Json.epochSeconds(e.startDate()));
        if (e.stopDate() != null) {
            out.set("stopDate", Json.epochSeconds(e.stopDate()));
        }
        return out;
    }

    private static ObjectNode event(HistoryEvent e, boolean includeData) {
        ObjectNode out = Json.object().put("id", e.id()).put("previousEventId", e.previousEventId()).put("type", e.type());
        out.set("timestamp", Json.epochSeconds(e.timestamp()));
        if (e.details() != null) {
            ObjectNode details = e.details().deepCopy();
            if (!includeData) {
                details.remove(List.of("input", "output", "parameters"));
            }
            out.set(e.detailsKey(), details);
        }
        return out;
    }

    /** Offset-based pages: nextToken is the index of the next item. */
    private static <T> ObjectNode page(JsonNode request, String field, List<T> items, Function<T, ObjectNode> render) {
        int size = request.path("maxResults").asInt(0);
        if (size <= 0) {
            size = DEFAULT_PAGE;
        }
        int from = 0;
        String token = optional(request, "nextToken");
        if (token != null) {
            try {
                from = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw new SfnException("InvalidToken", "Invalid Token: '" + token + "'");
            }
        }
        ObjectNode out = Json.object();
        ArrayNode array = out.putArray(field);
        int to = Math.min(items.size(), from + size);
        for (int i = from; i < to; i++) {
            array.add(render.apply(items.get(i)));
        }
        if (to < items.size()) {
            out.put("nextToken", String.valueOf(to));
        }
        return out;
    }

    private static ExecutionStatus status(String value) {
        try {
            return ExecutionStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new SfnException("ValidationException", "Invalid statusFilter '" + value + "'");
        }
    }

    private static String required(JsonNode request, String field) {
        String value = optional(request, field);
        if (value == null) {
            throw new SfnException("ValidationException", "1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static String optional(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body, String errorType) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        if (errorType != null) {
            exchange.getResponseHeaders().set("X-Amzn-Errortype", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
