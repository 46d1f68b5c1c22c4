package com.aitesting.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every POST that creates (answers 201) takes an Idempotency-Key, and the published OpenAPI document says so with
 * the one description: a creating endpoint added without it fails here.
 */
class OpenApiCreatingPostsTest {
    @Test
    @SuppressWarnings("unchecked")
    void everyPostThatAnswers201DocumentsTheIdempotencyKeyHeader() throws IOException {
        Map<String, Object> paths;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/swagger/openapi.yml")) {
            assertThat(in).as("the OpenAPI document micronaut-openapi generates into META-INF/swagger").isNotNull();
            paths = (Map<String, Object>) new Yaml().<Map<String, Object>>load(in).get("paths");
        }
        List<String> creating = new ArrayList<>();
        paths.forEach((path, item) -> {
            Map<String, Object> post = (Map<String, Object>) ((Map<String, Object>) item).get("post");
            if (post == null || !((Map<String, Object>) post.get("responses")).containsKey("201")) {
                return;
            }
            creating.add(path);
            List<Map<String, Object>> parameters = (List<Map<String, Object>>) post.getOrDefault("parameters", List.of());
            assertThat(parameters).as(path).anySatisfy(p -> {
                assertThat(p.get("in")).isEqualTo("header");
                assertThat(p.get("name")).isEqualTo("Idempotency-Key");
                assertThat(p.get("required")).isNotEqualTo(true);
                assertThat(p.get("description")).isEqualTo(IdempotencyKeys.DESCRIPTION);
            });
        });
        assertThat(creating).contains("/v1/tests", "/v1/engagements", "/v1/engagements/{id}/plan");
    }
}
