package com.aitesting.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.security.SecuritySchemes;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The HTTP app: the same controllers served by Netty (locally, and in the SSE Lambda behind the Lambda
 * Web Adapter, started by src/lambda/run.sh) and by {@link com.aitesting.api.lambda.ApiHandler} behind
 * API Gateway. Settings come from the environment (see {@link com.aitesting.api.config.ApiConfig}).
 */
@OpenAPIDefinition(
        info = @Info(title = "ai-testing", version = "v1",
                description = "Plan and run security tests against a customer's declared scope. "
                        + "Errors are RFC 9457 application/problem+json. Locally (AUTH_MODE=dev) every /v1 and /v2 "
                        + "call needs the three dev headers: use Authorize and fill X-Dev-User, X-Dev-Email and X-Tenant-Id."),
        tags = {
                @Tag(name = "engagements", description = "A customer's declared scope, risk tier and testing windows"),
                @Tag(name = "catalog", description = "The tests a plan can select"),
                @Tag(name = "plans", description = "Tests selected for an engagement, resolved into ordered steps"),
                @Tag(name = "runs", description = "Executions of a plan (POST /v1/tests)"),
                @Tag(name = "health")
        },
        security = {})
@SecuritySchemes({
        @SecurityScheme(name = "devUser", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
                paramName = "X-Dev-User", description = "AUTH_MODE=dev: the calling user, e.g. yered"),
        @SecurityScheme(name = "devEmail", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
                paramName = "X-Dev-Email", description = "AUTH_MODE=dev: the caller's email, e.g. yered@example.com"),
        @SecurityScheme(name = "devTenant", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
                paramName = "X-Tenant-Id", description = "AUTH_MODE=dev: the caller's tenant, e.g. t_demo"),
        @SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
                description = "AUTH_MODE=jwt: a token verified by API Gateway's JWT authorizer, with sub, email and the tenant claim")
})
public final class Application {
    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }

    private Application() {}
}
