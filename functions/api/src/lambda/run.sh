#!/bin/sh
# Started by the Lambda Web Adapter layer (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap) in the SSE function:
# the same Micronaut app, served by Netty on $PORT, so Server-Sent Events stream through a
# RESPONSE_STREAM function URL instead of being buffered by the API Gateway proxy handler.
exec java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp "$LAMBDA_TASK_ROOT/lib/*" com.aitesting.api.Application
