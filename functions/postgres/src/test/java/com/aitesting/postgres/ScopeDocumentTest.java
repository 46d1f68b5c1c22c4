package com.aitesting.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeEntry;
import com.aitesting.core.scope.TestingWindow;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The engagements.scope document through core's records: rows in the shape the earlier map code wrote still read. */
class ScopeDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Exactly what the hand-made maps wrote (absolute windows without days or time_zone). */
    private static final String OLD_ROW = """
            {"in_scope_domains":["example.com","*.example.com"],"in_scope_cidrs":["203.0.113.0/24"],
             "out_of_scope":["admin.example.com"],
             "windows":[{"kind":"absolute","start":"2030-01-01T00:00Z","end":"2030-01-02T00:00Z"},
                        {"kind":"weekly","days":["mon","tue"],"start":"09:00","end":"17:00","time_zone":"Europe/Paris"}],
             "rate_limit":25}""";

    @Test
    void aRowInTheOldShapeReadsAndIsWrittenBackInTheSameShape() throws Exception {
        Scope scope = ScopeDocument.read(OLD_ROW, "safe_active");
        assertThat(scope.inScopeDomains()).extracting(ScopeEntry::text).containsExactly("example.com", "*.example.com");
        assertThat(scope.inScopeCidrs()).extracting(ScopeEntry::text).containsExactly("203.0.113.0/24");
        assertThat(scope.outOfScope()).extracting(ScopeEntry::text).containsExactly("admin.example.com");
        assertThat(scope.riskTier().wire()).isEqualTo("safe_active");
        assertThat(scope.rateLimit()).isEqualTo(25);
        assertThat(scope.windows().windows()).hasSize(2).first().isInstanceOf(TestingWindow.Absolute.class);
        assertThat(JSON.readTree(ScopeDocument.write(scope))).isEqualTo(JSON.readTree(OLD_ROW));
    }

    @Test
    void aRowFromBeforeTheRateLimitAndWindowsReadsWithTheDefaults() {
        Scope scope = ScopeDocument.read("{\"in_scope_domains\":[\"example.com\"],\"in_scope_cidrs\":[],\"out_of_scope\":[]}", "passive");
        assertThat(scope.windows().windows()).isEmpty();
        assertThat(scope.rateLimit()).isEqualTo(new Scope(scope.inScopeDomains(), scope.inScopeCidrs(), scope.outOfScope(),
                scope.riskTier(), scope.windows()).rateLimit());
    }
}
