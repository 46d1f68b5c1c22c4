package com.aitesting.notifier;

import com.aitesting.core.error.DomainException;
import com.aitesting.core.notification.ExecutionStatus;
import com.aitesting.core.notification.ExecutionStatusChange;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.aitesting.postgres.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;

/**
 * Reads the EventBridge envelope of a Step Functions "Execution Status Change" event:
 * {@code {"id", "detail-type", "source": "aws.states", "detail": {"executionArn", "status", "startDate",
 * "stopDate", "input", "error", "cause", ...}}}, where {@code input} is the execution's input as a JSON
 * string ({@code {"tenant_id", "run_id"}}) and dates are epoch milliseconds.
 */
final class ExecutionStatusEnvelope {
    static final String DETAIL_TYPE = "Step Functions Execution Status Change";
    private static final ObjectMapper JSON = JsonMappers.shared();

    private ExecutionStatusEnvelope() {}

    static ExecutionStatusChange parse(Map<String, Object> envelope) {
        if (envelope == null) {
            throw new InvalidEnvelopeException("no event");
        }
        if (!DETAIL_TYPE.equals(envelope.get("detail-type"))) {
            throw new InvalidEnvelopeException("detail-type is not '" + DETAIL_TYPE + "'");
        }
        String id = string(envelope, "id");
        if (!(envelope.get("detail") instanceof Map<?, ?> rawDetail)) {
            throw new InvalidEnvelopeException("detail is missing");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) rawDetail;
        ExecutionStatus status;
        try {
            status = ExecutionStatus.fromWire(string(detail, "status"));
        } catch (IllegalArgumentException e) {
            throw new InvalidEnvelopeException("detail.status is not an execution status");
        }
        JsonNode input;
        try {
            input = JSON.readTree(string(detail, "input"));
        } catch (JsonProcessingException e) {
            throw new InvalidEnvelopeException("detail.input is not JSON");
        }
        TenantId tenant;
        RunId run;
        try {
            tenant = new TenantId(input.path("tenant_id").asText(null));
            run = RunId.parse(input.path("run_id").asText(null));
        } catch (DomainException e) {
            throw new InvalidEnvelopeException("detail.input lacks a valid tenant_id and run_id");
        }
        return new ExecutionStatusChange(id, string(detail, "executionArn"), status, tenant, run,
                instant(detail.get("startDate")), instant(detail.get("stopDate")),
                optionalString(detail.get("error")), optionalString(detail.get("cause")));
    }

    private static String string(Map<String, Object> map, String key) {
        if (map.get(key) instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new InvalidEnvelopeException(key + " is missing");
    }

    private static String optionalString(Object value) {
        return value instanceof String s ? s : null;
    }

    private static Instant instant(Object value) {
        return value instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : null;
    }
}
