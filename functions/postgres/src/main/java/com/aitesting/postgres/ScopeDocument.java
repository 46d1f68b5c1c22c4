package com.aitesting.postgres;

import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.scope.WindowInput;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The engagements.scope jsonb document: core's {@link ScopeInput} (the API's own shape, snake_case) without
 * the risk tier, which has its own column. Read back through {@link Scope#parse}, so a stored scope is held to
 * the same rules as a new one. Core stays free of Jackson annotations: the shape is given here as mixins on
 * the shared configuration ({@link JsonMappers}). Rows written by the earlier hand-made maps have this shape.
 */
final class ScopeDocument {
    private static final ObjectMapper MAPPER = JsonMappers.shared().copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addMixIn(ScopeInput.class, ScopeShape.class)
            .addMixIn(WindowInput.class, WindowShape.class);

    /** risk_tier is the column's; unknown keys are ignored as the map reading did. */
    @JsonIgnoreProperties(value = "risk_tier", ignoreUnknown = true)
    private interface ScopeShape {}

    /** An absolute window has no days and no time_zone keys. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    private interface WindowShape {}

    static String write(Scope scope) {
        try {
            return MAPPER.writeValueAsString(ScopeInput.of(scope));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("scope is not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Scope read(String json, String riskTier) {
        ScopeInput stored;
        try {
            stored = MAPPER.readValue(json, ScopeInput.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored scope is not a scope document", e);
        }
        return Scope.parse(new ScopeInput(stored.inScopeDomains(), stored.inScopeCidrs(), stored.outOfScope(), riskTier,
                stored.windows(), stored.rateLimit()));
    }

    private ScopeDocument() {}
}
