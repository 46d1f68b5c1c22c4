package com.aitesting.api.lambda;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

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
    /** Used by the Lambda runtime. */
    public ApiHandler() {
        super();
    }

    /** Used by tests, with a context built from explicit properties. */
    public ApiHandler(ApplicationContext context) {
        super(context);
    }
}
