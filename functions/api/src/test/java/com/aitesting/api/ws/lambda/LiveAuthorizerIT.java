package com.aitesting.api.ws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.auth.JwksServer;
import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.StreamTokens;
import com.aitesting.core.tenant.TenantId;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The $connect authorizer as API Gateway invokes it (the REQUEST authorizer event of a WebSocket API),
 * with the JWT verifier configured from the same variables as the API's, against a JWKS this test serves
 * on loopback. Only a token of the issuer, for the audience, unexpired, of this deployment's tenant is
 * admitted; every forgery is denied.
 */
class LiveAuthorizerIT {
    static final String METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/live/$connect";
    static final TenantId TENANT = new TenantId("t_jwt");
    static JwksServer issuer;
    static StreamTokens streamTokens = new StreamTokens(StreamTokens.randomKey(), Duration.ofMinutes(5), Clock.systemUTC());
    static LiveAuthorizerHandler authorizer;

    @BeforeAll
    static void start() {
        issuer = new JwksServer();
        Map<String, String> env = Map.of("JWT_ISSUER", JwksServer.ISSUER, "JWT_AUDIENCE", JwksServer.AUDIENCE,
                "JWT_JWKS_URL", issuer.jwksUrl(), "JWT_ALGORITHMS", "RS256");
        authorizer = new LiveAuthorizerHandler(streamTokens, LiveEnvironment.jwtVerifier(env), LiveEnvironment.tenantClaim(env),
                Optional.of(TENANT));
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    /** The event of a WebSocket REQUEST authorizer on $connect, with {@code query} as the query string. */
    static Map<String, Object> connect(Map<String, String> query) {
        Map<String, Object> event = new HashMap<>();
        event.put("type", "REQUEST");
        event.put("methodArn", METHOD_ARN);
        event.put("headers", Map.of("Host", "abc123.execute-api.eu-west-1.amazonaws.com", "Sec-WebSocket-Version", "13"));
        event.put("queryStringParameters", query.isEmpty() ? null : query);
        event.put("requestContext", Map.of("routeKey", "$connect", "eventType", "CONNECT", "connectionId", "Xyz12abcDEFgh=",
                "stage", "live", "domainName", "abc123.execute-api.eu-west-1.amazonaws.com", "apiId", "abc123"));
        return event;
    }

    @SuppressWarnings("unchecked")
    static String effect(Map<String, Object> answer) {
        Map<String, Object> document = (Map<String, Object>) answer.get("policyDocument");
        Map<String, Object> statement = ((List<Map<String, Object>>) document.get("Statement")).getFirst();
        assertThat(statement).containsEntry("Resource", METHOD_ARN).containsEntry("Action", "execute-api:Invoke");
        return (String) statement.get("Effect");
    }

    static void assertDenied(String jwt) {
        Map<String, Object> answer = authorizer.handleRequest(connect(Map.of("token", jwt)), null);
        assertThat(effect(answer)).isEqualTo("Deny");
        assertThat((Map<?, ?>) answer.get("context")).as("no tenant for a denied connect").isEmpty();
    }

    @Test
    void aJwtOfTheIssuerIsAllowedWithItsTenantAndExpiryAsTheContextAndNoRunScope() {
        var claims = JwksServer.claims("t_jwt").build();
        Map<String, Object> answer = authorizer.handleRequest(connect(Map.of("token", issuer.sign(claims))), null);
        assertThat(effect(answer)).isEqualTo("Allow");
        assertThat(answer.get("principalId")).isEqualTo("user-t_jwt");
        assertThat((Map<?, ?>) answer.get("context")).isEqualTo(Map.of(LiveRoutesHandler.TENANT, "t_jwt",
                LiveRoutesHandler.CREDENTIAL_EXPIRES_AT, Long.toString(claims.getExpirationTime().toInstant().getEpochSecond())));
    }

    @Test
    void aJwtOfAnotherTenantThanTheDeploymentsIsDenied() {
        assertDenied(issuer.sign(JwksServer.claims("t_other").build()));
    }

    @Test
    void unsignedAndAlgNoneTokensAreDenied() {
        assertDenied(new PlainJWT(new PlainHeader.Builder().type(JOSEObjectType.JWT).build(), JwksServer.claims("t_jwt").build()).serialize());
        String signed = issuer.sign(JwksServer.claims("t_jwt").build());
        String noneHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"kid\":\"test-key\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertDenied(noneHeader + signed.substring(signed.indexOf('.')));
    }

    @Test
    void aWrongSignatureATamperedPayloadOrGarbageIsDenied() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("test-key").generate();
        assertDenied(JwksServer.sign(JwksServer.claims("t_jwt").build(), impostor));
        String[] parts = issuer.sign(JwksServer.claims("t_other").build()).split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(JwksServer.claims("t_jwt").build().toString()
                .getBytes(StandardCharsets.UTF_8));
        assertDenied(parts[0] + "." + forged + "." + parts[2]);
        assertDenied("not-a-jwt");
        assertDenied("");
    }

    @Test
    void aWrongIssuerOrAudienceAnExpiredTokenOrOneWithoutExpiryIsDenied() {
        assertDenied(issuer.sign(JwksServer.claims("t_jwt").issuer("https://elsewhere.test.invalid/").build()));
        assertDenied(issuer.sign(JwksServer.claims("t_jwt").audience("another-api").build()));
        Instant past = Instant.now().minusSeconds(3600);
        assertDenied(issuer.sign(JwksServer.claims("t_jwt").issueTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past)).build()));
        assertDenied(issuer.sign(JwksServer.claims("t_jwt").expirationTime(null).build()));
        // past its exp but within the verifier's 60 s clock skew: the connection would end at once
        Instant justPast = Instant.now().minusSeconds(20);
        assertDenied(issuer.sign(JwksServer.claims("t_jwt").issueTime(Date.from(justPast.minusSeconds(600))).expirationTime(Date.from(justPast)).build()));
        assertDenied(issuer.sign(JwksServer.claims("t_jwt").subject(null).build()));
        assertDenied(issuer.sign(JwksServer.claims("t_jwt").claim("tenant_id", null).build()));
    }

    @Test
    void aJwtIssuedInTheFutureOrWithoutKeyIdIsDeniedAsApiGatewaysAuthorizerWould() throws Exception {
        Instant inAnHour = Instant.now().plusSeconds(3600);
        assertDenied(issuer.sign(JwksServer.claims("t_jwt").issueTime(Date.from(inAnHour)).expirationTime(Date.from(inAnHour.plusSeconds(600))).build()));
        SignedJWT noKeyId = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                JwksServer.claims("t_jwt").build());
        noKeyId.sign(new RSASSASigner(issuer.key()));
        assertDenied(noKeyId.serialize());
    }

    @Test
    void anHmacTokenSignedWithTheJwksPublicKeyIsDenied() throws Exception {
        byte[] der = issuer.key().toRSAPublicKey().getEncoded();
        for (byte[] secret : new byte[][] {issuer.key().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8), der}) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("test-key").type(JOSEObjectType.JWT).build(),
                    JwksServer.claims("t_jwt").build());
            jwt.sign(new MACSigner(secret));
            assertDenied(jwt.serialize());
        }
    }

    @Test
    void aStreamTokenIsAllowedForItsTenantScopedToItsRunOnlyUntilItExpires() {
        RunId run = new RunId(UUID.randomUUID());
        var token = streamTokens.issue(TENANT, run);
        Map<String, Object> answer = authorizer.handleRequest(connect(Map.of("stream_token", token.value())), null);
        assertThat(effect(answer)).isEqualTo("Allow");
        assertThat((Map<?, ?>) answer.get("context")).isEqualTo(Map.of(LiveRoutesHandler.TENANT, "t_jwt", LiveRoutesHandler.ONLY_RUN, run.toString(),
                LiveRoutesHandler.CREDENTIAL_EXPIRES_AT, Long.toString(token.expiresAt().getEpochSecond())));
        StreamTokens foreignKey = new StreamTokens(StreamTokens.randomKey(), Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(effect(authorizer.handleRequest(connect(Map.of("stream_token", foreignKey.issue(TENANT, run).value())), null))).isEqualTo("Deny");
        assertThat(effect(authorizer.handleRequest(connect(Map.of("stream_token", streamTokens.issue(new TenantId("t_other"), run).value())), null)))
                .as("another tenant's stream token").isEqualTo("Deny");
    }

    @Test
    void aStreamTokenWhosePartsNoBase64CanEncodeIsDeniedNotThrown() {
        for (String token : List.of("A." + "A".repeat(43), "AAAAA." + "A".repeat(43))) {
            Map<String, Object> answer = authorizer.handleRequest(connect(Map.of("stream_token", token)), null);
            assertThat(effect(answer)).isEqualTo("Deny");
            assertThat((Map<?, ?>) answer.get("context")).isEmpty();
        }
    }

    @Test
    void credentialsThatCannotBeCheckedAreDeniedNotThrown() {
        StreamTokens keyUnreadable = new StreamTokens(() -> {
            throw new IllegalStateException("cannot read secret arn:aws:secretsmanager:eu-west-1:1:secret:stream");
        }, Duration.ofMinutes(5), Clock.systemUTC());
        LiveAuthorizerHandler failing = new LiveAuthorizerHandler(keyUnreadable, Optional.empty(), "tenant_id", Optional.of(TENANT));
        String genuine = streamTokens.issue(TENANT, new RunId(UUID.randomUUID())).value();
        assertThat(effect(failing.handleRequest(connect(Map.of("stream_token", genuine)), null))).isEqualTo("Deny");
    }

    @Test
    void noCredentialsOrAJwtWhereNoIssuerIsConfiguredIsDenied() {
        assertThat(effect(authorizer.handleRequest(connect(Map.of()), null))).isEqualTo("Deny");
        LiveAuthorizerHandler streamOnly = new LiveAuthorizerHandler(streamTokens, LiveEnvironment.jwtVerifier(Map.of()), "tenant_id",
                Optional.of(TENANT));
        assertThat(effect(streamOnly.handleRequest(connect(Map.of("token", issuer.sign(JwksServer.claims("t_jwt").build()))), null)))
                .isEqualTo("Deny");
    }
}
