package com.aitesting.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;

class JwtSettingsTest {
    private static final String JWKS = "https://issuer.example.com/.well-known/jwks.json";

    @Test
    void jwtModeWithoutIssuerAudienceOrJwksDoesNotStartAndNamesTheVariable() {
        assertThatThrownBy(() -> JwtSettings.parse(null, null, "api", JWKS, null)).hasMessageContaining("JWT_ISSUER");
        assertThatThrownBy(() -> JwtSettings.parse(null, "https://issuer.example.com/", " ", JWKS, null)).hasMessageContaining("JWT_AUDIENCE");
        assertThatThrownBy(() -> JwtSettings.parse(null, "https://issuer.example.com/", "api", "", null)).hasMessageContaining("JWT_JWKS_URL");
    }

    @Test
    void theJwksMustBeHttpsOrLoopbackHttp() {
        assertThatThrownBy(() -> JwtSettings.parse(null, "i", "api", "http://issuer.example.com/jwks", null))
                .hasMessageContaining("JWT_JWKS_URL");
        assertThatThrownBy(() -> JwtSettings.parse(null, "i", "api", "file:///etc/jwks.json", null)).hasMessageContaining("JWT_JWKS_URL");
        assertThat(JwtSettings.parse(null, "i", "api", "http://127.0.0.1:9/jwks", null).jwksUrl().getPort()).isEqualTo(9);
    }

    @Test
    void plainHttpIsForLoopbackLiteralsAndLocalhostNotForNamesThatLookLikeThem() {
        for (String loopback : new String[] {"http://127.0.0.1/jwks", "http://127.255.3.9:8080/jwks", "http://localhost:9/jwks",
                "http://[::1]:9/jwks", "http://[0:0:0:0:0:0:0:1]/jwks"}) {
            assertThat(JwtSettings.parse(null, "i", "api", loopback, null).jwksUrl()).as(loopback).hasToString(loopback);
        }
        // names resolve wherever their owner likes; 0177 is 127 only to parsers that read a leading zero as octal
        for (String name : new String[] {"http://127.evil.example/jwks", "http://127.0.0.1.nip.io/jwks", "http://127.0.0.1.evil.example/jwks",
                "http://localhost.evil.example/jwks", "http://0177.0.0.1/jwks", "http://127.1/jwks", "http://2130706433/jwks",
                "http://127.0.0.256/jwks", "http://[::2]/jwks", "http://128.0.0.1/jwks"}) {
            assertThatThrownBy(() -> JwtSettings.parse(null, "i", "api", name, null)).as(name).hasMessageContaining("JWT_JWKS_URL");
        }
    }

    @Test
    void onlyAsymmetricAlgorithmsCanBeConfiguredAndRs256IsTheDefault() {
        assertThat(JwtSettings.parse(null, "i", "a, b", JWKS, null).algorithms()).containsExactly(JWSAlgorithm.RS256);
        assertThat(JwtSettings.parse(null, "i", "a, b", JWKS, null).audiences()).containsExactly("a", "b");
        assertThat(JwtSettings.parse(null, "i", "a", JWKS, "ES256,PS256").algorithms())
                .containsExactlyInAnyOrder(JWSAlgorithm.ES256, JWSAlgorithm.PS256);
        for (String symmetric : new String[] {"HS256", "HS512", "none", "RS256,HS256"}) {
            assertThatThrownBy(() -> JwtSettings.parse(null, "i", "a", JWKS, symmetric)).as(symmetric)
                    .hasMessageContaining("JWT_ALGORITHMS");
        }
    }

    @Test
    void behindApiGatewayNothingElseIsNeeded() {
        assertThat(JwtSettings.parse(JwtSettings.API_GATEWAY, null, null, null, null).source()).isEqualTo(JwtSettings.Source.API_GATEWAY);
        assertThatThrownBy(() -> JwtSettings.parse("somebody", null, null, null, null)).hasMessageContaining("verified-by");
    }
}
