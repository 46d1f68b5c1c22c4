package com.aitesting.api.wiring;

import com.aitesting.api.config.ApiConfig;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/** EVENT_TAIL=data_api: run events are read through the Aurora Data API ({@link DataApiFactory}). */
public final class DataApiStore implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
        return configured(context);
    }

    static boolean configured(ConditionContext context) {
        if (!(context.getBeanContext() instanceof PropertyResolver properties)) {
            return false;
        }
        return ApiConfig.isDataApiTail(properties.getProperty("ait.event-tail", String.class).orElse(null));
    }
}
