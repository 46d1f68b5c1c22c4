package com.aitesting.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** What every error response must look like: RFC 9457, a stable type, and nothing internal leaked. */
public final class ProblemAssert {
    public static final String TYPES = "https://ai-testing.dev/problems/";

    public static JsonNode assertProblem(TestServer.Response r, int status, String typeSlug) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).as("content type of %s", r).startsWith("application/problem+json");
        assertNoLeak(r.body());
        JsonNode p = r.json();
        assertThat(p.path("type").asText()).as("type of %s", r).isEqualTo(TYPES + typeSlug);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("detail").asText()).isNotBlank();
        return p;
    }

    /** No stack trace, Java class or package name, or SQL in a response body. */
    public static void assertNoLeak(String body) {
        assertThat(body).doesNotContain("Exception", "at com.", "at io.", "at java.", "java.lang", "com.aitesting",
                "io.micronaut", "com.fasterxml", "org.postgresql", "SELECT ", "INSERT ", "UPDATE ", "SQLSTATE", "\tat ");
    }

    private ProblemAssert() {}
}
