package com.aitesting.api.auth;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * AUTH_MODE=jwt on the Netty server (no API Gateway in front): tokens are verified against a JWKS this
 * test serves on loopback. Only a token signed by the issuer's key, for this audience, unexpired, is an
 * identity; every forgery is a 401 problem and writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtAuthIT {
    private JwksServer issuer;
    private TestServer server;

    @BeforeAll
    void start() {
        issuer = new JwksServer();
        server = TestServer.start(issuer.appProperties());
    }

    @AfterAll
    void stop() {
        server.close();
        issuer.close();
    }

    private TestServer.Response createEngagement(String token, String tenant) {
        return server.postJson("/v1/engagements", Api.ENGAGEMENT_TEMPLATE.formatted(tenant), Map.of("Authorization", "Bearer " + token));
    }

    private void assertRefused(String token) {
        Map<String, Long> before = server.rowCounts();
        TestServer.Response r = createEngagement(token, "t_victim");
        assertProblem(r, 401, "unauthorized");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
        assertThat(server.get("/v1/engagements", Map.of("Authorization", "Bearer " + token)).status()).isEqualTo(401);
        assertThat(server.rowCounts()).isEqualTo(before);
    }

    @Test
    void aTokenSignedByTheIssuerIsTheActorOfItsTenant() {
        String token = issuer.sign(JwksServer.claims("t_jwt").build());
        TestServer.Response r = createEngagement(token, "t_jwt");
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().path("tenant_id").asText()).isEqualTo("t_jwt");
        assertThat(r.json().path("created_by").asText()).isEqualTo("user-t_jwt");
        TestServer.Response list = server.get("/v1/engagements", Map.of("Authorization", "Bearer " + token));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
    }

    @Test
    void anUnsignedAlgNoneTokenIs401() {
        assertRefused(new PlainJWT(new PlainHeader.Builder().type(JOSEObjectType.JWT).build(),
                JwksServer.claims("t_victim").build()).serialize());
    }

    @Test
    void aTokenWhoseHeaderSaysNoneButCarriesASignatureIs401() {
        String signed = issuer.sign(JwksServer.claims("t_victim").build());
        String noneHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"kid\":\"test-key\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertRefused(noneHeader + signed.substring(signed.indexOf('.')));
    }

    @Test
    void aTokenSignedByAnotherKeyWithTheIssuersKeyIdIs401() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("test-key").generate();
        assertRefused(JwksServer.sign(JwksServer.claims("t_victim").build(), impostor));
    }

    @Test
    void aTamperedPayloadIs401() {
        String genuine = issuer.sign(JwksServer.claims("t_jwt").build());
        String[] parts = genuine.split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(JwksServer.claims("t_victim").build().toString()
                .getBytes(StandardCharsets.UTF_8));
        assertRefused(parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void aTokenOfAnotherIssuerIs401() {
        assertRefused(issuer.sign(JwksServer.claims("t_victim").issuer("https://elsewhere.test.invalid/").build()));
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        assertRefused(issuer.sign(JwksServer.claims("t_victim").audience("another-api").build()));
    }

    @Test
    void anExpiredTokenIs401() {
        Instant past = Instant.now().minusSeconds(3600);
        assertRefused(issuer.sign(JwksServer.claims("t_victim").issueTime(Date.from(past.minusSeconds(600)))
                .expirationTime(Date.from(past)).build()));
    }

    /**
     * A token up to a minute past its exp is still accepted (clock skew), but a live stream it opened would end at
     * once (it ends at exp): the stream refuses it with a 401, before any lookup, so a reconnecting client renews.
     */
    @Test
    void aTokenPastItsExpButWithinTheClockSkewOpensNoLiveStream() {
        Instant justPast = Instant.now().minusSeconds(20);
        String lapsed = issuer.sign(JwksServer.claims("t_lapsed").issueTime(Date.from(justPast.minusSeconds(600)))
                .expirationTime(Date.from(justPast)).build());
        String current = issuer.sign(JwksServer.claims("t_lapsed").build());
        String events = "/v2/runs/" + UUID.randomUUID() + "/events";

        assertThat(server.get("/v1/engagements", Map.of("Authorization", "Bearer " + lapsed)).status()).isEqualTo(200);
        assertProblem(server.get(events, Map.of("Authorization", "Bearer " + current, "Accept", "text/event-stream")), 404, "not-found");
        TestServer.Response refused = server.get(events, Map.of("Authorization", "Bearer " + lapsed, "Accept", "text/event-stream"));
        assertProblem(refused, 401, "unauthorized");
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
        // nor does it mint a stream token, which would open the stream by another door
        String mint = "/v2/runs/" + UUID.randomUUID() + "/stream-token";
        assertProblem(server.postJson(mint, "{}", Map.of("Authorization", "Bearer " + current)), 404, "not-found");
        assertProblem(server.postJson(mint, "{}", Map.of("Authorization", "Bearer " + lapsed)), 401, "unauthorized");
    }

    @Test
    void aTokenIssuedInTheFutureBeyondTheClockSkewIs401() {
        Instant inAnHour = Instant.now().plusSeconds(3600);
        assertRefused(issuer.sign(JwksServer.claims("t_victim").issueTime(Date.from(inAnHour))
                .expirationTime(Date.from(inAnHour.plusSeconds(600))).build()));
        // within the 60 s allowed for a clock that runs ahead, as for nbf and exp
        String slightlyAhead = issuer.sign(JwksServer.claims("t_skew").issueTime(Date.from(Instant.now().plusSeconds(30))).build());
        assertThat(createEngagement(slightlyAhead, "t_skew").status()).isEqualTo(201);
    }

    @Test
    void aSignedTokenWithoutKeyIdIs401EvenWhenTheIssuersKeySignedIt() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                JwksServer.claims("t_victim").build());
        jwt.sign(new RSASSASigner(issuer.key()));
        assertRefused(jwt.serialize());
    }

    @Test
    void aTokenWithoutExpiryIs401() {
        assertRefused(issuer.sign(JwksServer.claims("t_victim").expirationTime(null).build()));
    }

    @Test
    void aTokenSignedWithTheJwksPublicKeyAsAnHmacSecretIs401() throws Exception {
        // The algorithm-confusion attack: the public key is no secret, so an HS256 token "signed" with it
        // must never verify. Try the forms an attacker would: the JWK JSON, the DER and the PEM of the key.
        byte[] der = issuer.key().toRSAPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : new byte[][] {issuer.key().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8), der,
                pem.getBytes(StandardCharsets.US_ASCII)}) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("test-key").type(JOSEObjectType.JWT).build(),
                    JwksServer.claims("t_victim").build());
            jwt.sign(new MACSigner(secret));
            assertRefused(jwt.serialize());
        }
    }

    @Test
    void aKeyIdThatIsNotInTheJwksIs401EvenWhenTheRefetchForItIsRateLimited() throws Exception {
        // the first unknown kid refetches the JWKS; the next ones come within the library's rate limit
        for (int attempt = 0; attempt < 3; attempt++) {
            RSAKey unknown = new RSAKeyGenerator(2048).keyID("random-kid-" + attempt).generate();
            assertRefused(JwksServer.sign(JwksServer.claims("t_victim").build(), unknown));
        }
        // and the issuer's own key is still accepted
        assertThat(createEngagement(issuer.sign(JwksServer.claims("t_kid").build()), "t_kid").status()).isEqualTo(201);
    }

    @Test
    void anUnreachableJwksIs503WithRetryAfterEveryTime() {
        JwksServer gone = new JwksServer();
        gone.close();
        try (TestServer down = TestServer.start(gone.appProperties())) {
            for (int attempt = 0; attempt < 3; attempt++) { // the third within the refetch rate limit
                TestServer.Response r = down.get("/v1/engagements",
                        Map.of("Authorization", "Bearer " + gone.sign(JwksServer.claims("t_jwt").build())));
                assertProblem(r, 503, "unavailable");
                assertThat(r.header("Retry-After")).isNotBlank();
            }
        }
    }

    @Test
    void devHeadersAreNoIdentityInJwtMode() {
        TestServer.Response r = server.get("/v1/engagements", Api.devHeaders("t_victim"));
        assertProblem(r, 401, "unauthorized");
    }

    @Test
    void aGarbageBearerTokenIs401() {
        assertRefused("not-a-jwt");
        assertRefused("a.b.c");
    }

    @Test
    void theClaimsWithoutATenantAre401() {
        JWTClaimsSet claims = JwksServer.claims("t_x").claim("tenant_id", null).build();
        assertRefused(issuer.sign(claims));
    }
}
