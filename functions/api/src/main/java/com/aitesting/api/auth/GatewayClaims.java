package com.aitesting.api.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpRequestWrapper;
import io.micronaut.servlet.http.ServletHttpRequest;
import java.util.Map;
import java.util.Optional;

/**
 * On the API Lambda: the claims API Gateway's JWT authorizer verified, as the HTTP API event carries them
 * ({@code requestContext.authorizer.jwt.claims}, the event micronaut-aws hands the app). The
 * {@code Authorization} header is never decoded here: whatever it says, the authorizer's claims decide.
 */
final class GatewayClaims implements VerifiedClaims {
    @Override
    public Map<String, Object> of(HttpRequest<?> request) {
        return event(request)
                .map(APIGatewayV2HTTPEvent::getRequestContext)
                .map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getJwt)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT::getClaims)
                .filter(claims -> !claims.isEmpty())
                .<Map<String, Object>>map(Map::copyOf)
                .orElseThrow(() -> ActorResolver.bearer("The request did not pass the API's JWT authorizer."));
    }

    private static Optional<APIGatewayV2HTTPEvent> event(HttpRequest<?> request) {
        HttpRequest<?> current = request;
        while (current instanceof HttpRequestWrapper<?> wrapper) {
            current = wrapper.getDelegate();
        }
        if (current instanceof ServletHttpRequest<?, ?> servlet && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event) {
            return Optional.of(event);
        }
        return Optional.empty();
    }
}
