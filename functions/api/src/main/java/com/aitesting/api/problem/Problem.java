package com.aitesting.api.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem. {@code members} are extension members (e.g. a conflict's current status);
 * {@code errors} is the field-level list of a validation problem.
 */
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors, Map<String, Object> members) {

    public static final String TYPE_BASE = "https://ai-testing.dev/problems/";

    /** One offending input: a path in wire names such as {@code scope.in_scope_cidrs[2]}, and why. */
    public record FieldError(String field, String message) {}

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        members = members == null ? Map.of() : Map.copyOf(members);
    }

    /** The JSON body, in RFC 9457 member order; extension members never override the standard ones. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        members.forEach(body::putIfAbsent);
        if (!errors.isEmpty()) {
            body.put("errors", errors.stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("field", e.field());
                m.put("message", e.message());
                return m;
            }).toList());
        }
        return body;
    }
}
