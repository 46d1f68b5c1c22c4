package com.aitesting.api.ws.lambda;

import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.StreamTokenCheck;
import com.aitesting.core.stream.StreamTokens;
import com.aitesting.core.tenant.TenantId;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The WebSocket API's REQUEST authorizer on $connect: admits a connection that presents
 * {@code ?stream_token=} (HMAC, the key the API signs with) for this deployment's tenant, scoped to the
 * token's run; the tenant and run are handed to the routes as the authorizer context. Anything else is
 * denied (API Gateway answers 403 and no connection exists). {@code ?token=} (a JWT) is denied too until a
 * JWT verifier with the issuer's keys is available to functions outside API Gateway's JWT authorizer
 * (docs/websocket.md).
 */
public final class LiveAuthorizerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final StreamTokens tokens;
    private final Optional<TenantId> deploymentTenant;

    /** Used by the Lambda runtime. */
    public LiveAuthorizerHandler() {
        this.tokens = LiveEnvironment.streamTokens(System.getenv());
        this.deploymentTenant = LiveEnvironment.deploymentTenant(System.getenv());
    }

    LiveAuthorizerHandler(StreamTokens tokens, Optional<TenantId> deploymentTenant) {
        this.tokens = tokens;
        this.deploymentTenant = deploymentTenant;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String methodArn = String.valueOf(event.get("methodArn"));
        Object query = event.get("queryStringParameters");
        String token = query instanceof Map<?, ?> q && q.get("stream_token") instanceof String t ? t : null;
        if (token == null) {
            return policy("anonymous", "Deny", methodArn, Map.of());
        }
        Optional<RunId> run = tokens.namedRun(token);
        if (run.isEmpty() || !(tokens.check(token, run.get()) instanceof StreamTokenCheck.Valid valid)
                || deploymentTenant.filter(t -> !t.equals(valid.tenant())).isPresent()) {
            return policy("anonymous", "Deny", methodArn, Map.of());
        }
        return policy(valid.tenant().value(), "Allow", methodArn,
                Map.of(LiveRoutesHandler.TENANT, valid.tenant().value(), LiveRoutesHandler.ONLY_RUN, run.get().toString()));
    }

    private static Map<String, Object> policy(String principal, String effect, String methodArn, Map<String, Object> context) {
        return Map.of("principalId", principal,
                "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "execute-api:Invoke", "Effect", effect, "Resource", methodArn))),
                "context", context);
    }
}
