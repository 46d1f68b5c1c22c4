package com.aitesting.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.scope.RiskTier;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled catalog file is data; this guards it. */
class BundledCatalogTest {
    private final Catalog catalog = Catalog.load();

    @Test
    void theBundledCatalogLoadsWithTheBriefsTestsAndARealisticSpread() {
        assertThat(catalog.tests()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(catalog.find("network.discovery.ping_sweep")).isPresent();
        assertThat(catalog.find("network.nmap.tcp_top_1000")).isPresent();
        assertThat(catalog.find("no.such.test")).isEmpty();
        Set<String> categories = catalog.tests().stream().map(CatalogTest::category).collect(Collectors.toSet());
        assertThat(categories).contains("discovery", "ports", "tls", "dns", "http", "web");
        Set<RiskTier> tiers = catalog.tests().stream().map(CatalogTest::riskTier).collect(Collectors.toSet());
        assertThat(tiers).containsExactlyInAnyOrder(RiskTier.values());
    }

    @Test
    void everyTestHasStepsWithPositiveDurationsAndAnAgent() {
        for (var test : catalog.tests()) {
            assertThat(test.id()).matches("[a-z]+(\\.[a-z0-9_]+)+");
            assertThat(test.steps()).as(test.id()).isNotEmpty().allSatisfy(s -> assertThat(s.nominalSeconds()).isPositive());
            assertThat(test.defaultAgent()).as(test.id()).isNotBlank();
            assertThat(test.targetKinds()).as(test.id()).isNotEmpty();
        }
    }

    @Test
    void theBriefsTestsFitTheBriefsSafeActiveCidrEngagement() {
        var ping = catalog.find("network.discovery.ping_sweep").orElseThrow();
        assertThat(RiskTier.SAFE_ACTIVE.allows(ping.riskTier())).isTrue();
        assertThat(RiskTier.SAFE_ACTIVE.allows(catalog.find("network.nmap.tcp_top_1000").orElseThrow().riskTier())).isTrue();
        assertThat(catalog.find("web.sqlmap_injection").orElseThrow().riskTier()).isEqualTo(RiskTier.INTRUSIVE);
    }

    @Test
    void exactlyTheTestsWithARealExecutorAreMarkedExecutable() {
        Set<String> executable = catalog.tests().stream().filter(CatalogTest::executable).map(CatalogTest::id)
                .collect(Collectors.toSet());
        assertThat(executable).containsExactlyInAnyOrder(
                "network.discovery.ping_sweep", "network.nmap.tcp_top_1000", "tls.certificate_check",
                "tls.protocol_and_cipher_scan", "http.security_headers", "http.methods_and_redirects",
                "dns.email_security_records", "dns.zone_transfer_check");
        assertThat(catalog.find("web.sqlmap_injection").orElseThrow().executable()).isFalse();
    }
}
