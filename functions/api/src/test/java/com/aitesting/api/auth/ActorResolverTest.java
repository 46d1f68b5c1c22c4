package com.aitesting.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.api.config.TestSettings;
import com.aitesting.core.tenant.Actor;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActorResolverTest {
    private static final RSAKey KEY = generate();
    private static final JwtSettings SETTINGS = JwtSettings.parse(null, JwksServer.ISSUER, JwksServer.AUDIENCE,
            "https://issuer.test.invalid/jwks.json", null);

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID("k1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ActorResolver resolver(String mode, String claim) {
        VerifiedClaims claims = new BearerTokenClaims(new JwtVerifier(SETTINGS, new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK()))));
        return new ActorResolver(TestSettings.config(mode, claim, "jdbc:postgresql://localhost/x", null, null, null, null), claims);
    }

    /** A token signed by the issuer's key: the issuer, audience and a future expiry, plus {@code claims}. */
    private static String token(Map<String, Object> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(JwksServer.ISSUER).audience(JwksServer.AUDIENCE)
                .expirationTime(new Date(System.currentTimeMillis() + 600_000));
        claims.forEach((name, value) -> builder.claim(name, name.equals("exp") ? new Date(((Number) value).longValue() * 1000) : value));
        return JwksServer.sign(builder.build(), KEY);
    }

    private static MutableHttpRequest<?> dev(String user, String email, String tenant) {
        return HttpRequest.GET("/v1/engagements").header("X-Dev-User", user).header("X-Dev-Email", email).header("X-Tenant-Id", tenant);
    }

    @Test
    void devHeadersBecomeTheActorWithALowerCaseEmail() {
        Actor actor = resolver("dev", null).resolve(dev("yered", "Yered@Example.com", "t_demo"));
        assertThat(actor.user()).isEqualTo("yered");
        assertThat(actor.email()).isEqualTo("yered@example.com");
        assertThat(actor.tenant().value()).isEqualTo("t_demo");
        assertThat(actor.credentialExpiresAt()).as("dev headers never expire").isEmpty();
    }

    @Test
    void aVerifiedTokensExpIsTheActorsCredentialExpiryAsTheVerifierOrApiGatewayHandsItOver() throws Exception {
        long exp = System.currentTimeMillis() / 1000 + 300;
        var request = HttpRequest.GET("/v1/engagements").bearerAuth(token(Map.of("sub", "u", "tenant_id", "t_x", "exp", exp)));
        assertThat(resolver("jwt", null).resolve(request).credentialExpiresAt()).contains(Instant.ofEpochSecond(exp));
        // API Gateway's authorizer passes every claim as a string
        Map<String, Object> gateway = Map.of("sub", "u", "tenant_id", "t_x", "exp", Long.toString(exp));
        assertThat(ActorResolver.fromClaims(gateway, "tenant_id").credentialExpiresAt()).contains(Instant.ofEpochSecond(exp));
        // something that is no time ends a stream at once rather than never
        Map<String, Object> odd = Map.of("sub", "u", "tenant_id", "t_x", "exp", "soon");
        assertThat(ActorResolver.fromClaims(odd, "tenant_id").credentialExpiresAt()).contains(Instant.EPOCH);
    }

    @Test
    void devModeIgnoresABearerToken() throws Exception {
        var request = HttpRequest.GET("/v1/engagements").bearerAuth(token(Map.of("sub", "u", "tenant_id", "t_x")));
        assertThatThrownBy(() -> resolver("dev", null).resolve(request))
                .isInstanceOf(UnauthorizedException.class)
                .satisfies(e -> assertThat(((UnauthorizedException) e).challenge()).startsWith("DevHeaders"));
    }

    @Test
    void jwtModeReadsSubEmailAndTheConfiguredTenantClaim() throws Exception {
        var request = dev("mallory", "m@example.com", "t_victim")
                .bearerAuth(token(Map.of("sub", "user-1", "email", "a@example.com", "custom:tenant", "t_real")));
        Actor actor = resolver("jwt", "custom:tenant").resolve(request);
        assertThat(actor.user()).isEqualTo("user-1");
        assertThat(actor.email()).isEqualTo("a@example.com");
        assertThat(actor.tenant().value()).isEqualTo("t_real");
    }

    @Test
    void jwtModeRefusesMissingMalformedExpiredOrTenantlessTokens() throws Exception {
        ActorResolver jwt = resolver("jwt", null);
        long past = System.currentTimeMillis() / 1000 - 60;
        for (MutableHttpRequest<?> request : new MutableHttpRequest<?>[] {
                dev("yered", "yered@example.com", "t_demo"),
                HttpRequest.GET("/v1/x").header("Authorization", "Bearer not-a-jwt"),
                HttpRequest.GET("/v1/x").header("Authorization", "Bearer a.!!!.c"),
                HttpRequest.GET("/v1/x").bearerAuth(token(Map.of("sub", "u", "tenant_id", "t_demo", "exp", past))),
                HttpRequest.GET("/v1/x").bearerAuth(token(Map.of("sub", "u"))),
                HttpRequest.GET("/v1/x").bearerAuth(token(Map.of("tenant_id", "t_demo"))),
                HttpRequest.GET("/v1/x").bearerAuth(token(Map.of("sub", "u", "tenant_id", "bad tenant!")))}) {
            assertThatThrownBy(() -> jwt.resolve(request)).isInstanceOf(UnauthorizedException.class)
                    .satisfies(e -> assertThat(((UnauthorizedException) e).challenge()).startsWith("Bearer"));
        }
    }
}
