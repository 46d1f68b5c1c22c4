package com.aitesting.workflow.handler;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.core.workflow.RunTask;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a task payload as the state machine builds it (docs/architecture.md). A malformed payload is a
 * defect of the definition, not a transient condition: it fails with IllegalArgumentException.
 */
record TaskPayload(Map<String, Object> fields) {

    RunTask task() {
        return new RunTask(new TenantId(text("tenant_id")), RunId.parse(text("run_id")));
    }

    String text(String name) {
        if (!(fields.get(name) instanceof String value) || value.isBlank()) {
            throw new IllegalArgumentException("task payload needs the text field " + name);
        }
        return value;
    }

    int integer(String name) {
        if (!(fields.get(name) instanceof Number value) || value.doubleValue() != Math.rint(value.doubleValue())) {
            throw new IllegalArgumentException("task payload needs the whole-number field " + name);
        }
        return value.intValue();
    }

    Optional<Map<?, ?>> object(String name) {
        return fields.get(name) instanceof Map<?, ?> value ? Optional.of(value) : Optional.empty();
    }
}
