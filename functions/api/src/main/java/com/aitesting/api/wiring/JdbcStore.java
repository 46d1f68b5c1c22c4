package com.aitesting.api.wiring;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/** The JDBC adapters are wired unless EVENT_TAIL=data_api (the SSE function on AWS has no JDBC path). */
public final class JdbcStore implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
        return !DataApiStore.configured(context);
    }
}
