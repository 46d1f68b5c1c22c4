package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.finding.NewFinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** SPF, DMARC, DKIM and zone transfers against a DNS responder on loopback. */
class DnsChecksTest {
    @Test
    void emailRecordsAreJudgedPerDomain() {
        try (DnsResponder dns = new DnsResponder("127.0.80.100")) {
            dns.txt("good.mail.test", "v=spf1 ip4:192.0.2.0/24 -all").txt("_dmarc.good.mail.test", "v=DMARC1; p=reject")
                    .txt("sel1._domainkey.good.mail.test", "v=DKIM1; k=rsa; p=MIGfMA0");
            dns.txt("open.mail.test", "v=spf1 +all").txt("_dmarc.open.mail.test", "v=DMARC1; p=none");
            dns.txt("bare.mail.test", "some-verification=abc");
            Harness harness = new Harness(dns).dkim(List.of("sel1"))
                    .scope(List.of("good.mail.test", "open.mail.test", "bare.mail.test", "gone.mail.test"), List.of(), List.of());
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.DNS_EMAIL, reporter);

            Map<String, List<String>> byHost = reporter.findings.stream().collect(Collectors.groupingBy(
                    f -> f.target().host(), Collectors.mapping(NewFinding::ruleId, Collectors.toList())));
            assertThat(byHost).containsOnlyKeys("open.mail.test", "bare.mail.test");
            assertThat(byHost.get("open.mail.test")).containsExactlyInAnyOrder("dns.spf.permissive", "dns.dmarc.policy_none", "dns.dkim.missing");
            assertThat(byHost.get("bare.mail.test")).containsExactlyInAnyOrder("dns.spf.missing", "dns.dmarc.missing", "dns.dkim.missing");
            // gone.mail.test is NXDOMAIN: it lacks no record, it is not there
            assertThat(outcome.counts()).containsEntry("domains", 4L).containsEntry("domains_not_found", 1L);
        }
    }

    @Test
    void anOpenZoneTransferIsHighAndARefusedOneAndAnOutOfScopeNameServerAreNot() {
        try (DnsResponder dns = new DnsResponder("127.0.80.1")) {
            dns.ns("open.zone.test", "ns1.open.zone.test").a("ns1.open.zone.test", "127.0.80.1").a("www.open.zone.test", "127.0.80.7")
                    .transferable("open.zone.test");
            dns.ns("closed.zone.test", "ns1.closed.zone.test").a("ns1.closed.zone.test", "127.0.80.1");
            dns.ns("foreign.zone.test", "ns.provider.test").a("ns.provider.test", "127.0.80.1");
            Harness harness = new Harness(dns).scope(List.of("open.zone.test", "closed.zone.test", "foreign.zone.test",
                    "ns1.open.zone.test", "ns1.closed.zone.test"), List.of(), List.of());
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.DNS_AXFR, reporter);

            assertThat(reporter.findings).extracting(NewFinding::ruleId, f -> f.target().host())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("dns.zone_transfer.allowed", "open.zone.test"));
            assertThat(reporter.findings.getFirst().evidence()).containsEntry("name_server", "ns1.open.zone.test");
            assertThat(reporter.refusals).contains(new ScopeRefusal("ns.provider.test", null, "not_in_scope"));
            assertThat(outcome.counts()).containsEntry("transfers_refused", 1L);
            // the in-scope name servers were asked for open and closed; the foreign one never
            assertThat(dns.axfrRequests.get()).isEqualTo(2);
            assertThat(outcome.counts()).containsEntry("transfers_attempted", 2L);
        }
    }
}
