package com.aitesting.api.lambda;

import com.aitesting.api.auth.JwtSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;

/**
 * The API Lambda behind API Gateway (HTTP API, payload format 2.0): the same controllers, filters and
 * problem mapping as the Netty server, driven by API Gateway events instead of sockets. Its settings
 * come from the environment like the server's (DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD,
 * AUTH_MODE=jwt, JWT_TENANT_CLAIM). The application context is built once per execution environment
 * (and snapshotted by SnapStart), not per request.
 *
 * <p>Server-Sent Events are NOT served here: this handler buffers a streamed body until it completes.
 * The SSE function runs {@link com.aitesting.api.Application} on Netty behind the Lambda Web Adapter
 * (src/lambda/run.sh) instead.
 */
public class ApiHandler extends APIGatewayV2HTTPEventFunction {
    /**
     * What makes this context the API Gateway one: in AUTH_MODE=jwt the actor comes from the claims the
     * gateway's JWT authorizer verified (requestContext.authorizer.jwt.claims), never from the header.
     */
    public static final Map<String, Object> PROPERTIES = Map.of("ait.jwt.verified-by", JwtSettings.API_GATEWAY);

    /** Used by the Lambda runtime. */
    public ApiHandler() {
        super();
    }

    /** Used by tests, with a context built from explicit properties (including {@link #PROPERTIES}). */
    public ApiHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return super.newApplicationContextBuilder().properties(PROPERTIES);
    }
}
