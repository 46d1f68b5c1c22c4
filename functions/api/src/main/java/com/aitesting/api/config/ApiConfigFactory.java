package com.aitesting.api.config;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;

/**
 * Builds {@link ApiConfig} eagerly (a {@code @Context} bean) from the validated {@link ApiProperties}, so a bad
 * setting stops the start with the variable's name and the reason.
 */
@Factory
public class ApiConfigFactory {

    @Context
    public ApiConfig apiConfig(ApiProperties settings) {
        return ApiConfig.from(settings);
    }
}
