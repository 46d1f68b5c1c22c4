package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.NewFinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

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

    /**
     * RFC 7489 6.6.3: a name without a DMARC record of its own is covered by its Organizational Domain's, whose
     * sp= (else p=) applies. Without a Public Suffix List the parents are asked nearest first, down to two labels.
     */
    @Test
    void aSubdomainWithoutItsOwnDmarcRecordIsJudgedByItsParentsPolicy() {
        try (DnsResponder dns = new DnsResponder("127.63.0.1")) {
            dns.txt("_dmarc.h3.test", "v=DMARC1; p=reject; sp=reject").a("nomail.h3.test", "127.0.0.11");
            dns.txt("_dmarc.lax.test", "v=DMARC1; p=reject; sp=none").a("deep.mail.lax.test", "127.0.0.12");
            dns.txt("_dmarc.monitor.test", "v=DMARC1; p=none").a("www.monitor.test", "127.0.0.13");
            dns.a("x.y.nodmarc.test", "127.0.0.14");
            Harness harness = new Harness(dns).scope(List.of("nomail.h3.test", "h3.test", "deep.mail.lax.test",
                    "www.monitor.test", "x.y.nodmarc.test"), List.of(), List.of());
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.DNS_EMAIL, reporter);

            Map<String, List<String>> dmarcByHost = reporter.findings.stream().filter(f -> f.ruleId().startsWith("dns.dmarc."))
                    .collect(Collectors.groupingBy(f -> f.target().host(), Collectors.mapping(NewFinding::ruleId, Collectors.toList())));
            assertThat(dmarcByHost).containsOnlyKeys("deep.mail.lax.test", "www.monitor.test", "x.y.nodmarc.test");
            assertThat(dmarcByHost.get("deep.mail.lax.test")).containsExactly("dns.dmarc.policy_none");
            assertThat(dmarcByHost.get("www.monitor.test")).containsExactly("dns.dmarc.policy_none");
            assertThat(dmarcByHost.get("x.y.nodmarc.test")).containsExactly("dns.dmarc.missing");
            assertThat(dmarcFinding(reporter, "deep.mail.lax.test").evidence()).containsEntry("dmarc_name", "_dmarc.lax.test")
                    .containsEntry("policy_tag", "sp").containsEntry("dmarc_record", "v=DMARC1; p=reject; sp=none");
            assertThat(dmarcFinding(reporter, "www.monitor.test").evidence()).containsEntry("dmarc_name", "_dmarc.monitor.test")
                    .containsEntry("policy_tag", "p");
            assertThat(dmarcFinding(reporter, "x.y.nodmarc.test").evidence()).containsEntry("queried",
                    List.of("_dmarc.x.y.nodmarc.test", "_dmarc.y.nodmarc.test", "_dmarc.nodmarc.test"));
            assertThat(outcome.counts()).containsEntry("dmarc_inherited", 3L);
        }
    }

    @Test
    void theParentsAskedForDmarcAreTheShortestFourAndNeverTheTopLevelDomain() {
        assertThat(EmailSecurityRecords.dmarcDomains("test")).containsExactly("test");
        assertThat(EmailSecurityRecords.dmarcDomains("h3.test")).containsExactly("h3.test");
        assertThat(EmailSecurityRecords.dmarcDomains("a.b.c.d.e.f.test"))
                .containsExactly("a.b.c.d.e.f.test", "c.d.e.f.test", "d.e.f.test", "e.f.test", "f.test");
    }

    /** RFC 6376 3.6.1: an empty p= is a revoked key, no key at all; a key record is read by its tags. */
    @Test
    void aRevokedDkimKeyIsReportedAsRevokedNotCountedAsPresent() {
        try (DnsResponder dns = new DnsResponder("127.63.0.2")) {
            dns.txt("rev.test", "v=spf1 -all").txt("_dmarc.rev.test", "v=DMARC1; p=reject")
                    .txt("s1._domainkey.rev.test", "v=DKIM1; p=").txt("s2._domainkey.rev.test", "v=DKIM1; k=rsa; p=MIGfMA0");
            dns.txt("ok.test", "v=spf1 -all").txt("_dmarc.ok.test", "v=DMARC1; p=reject")
                    .txt("s1._domainkey.ok.test", "v=DKIM1;p=MIGfMA0").txt("s2._domainkey.ok.test", "v=DKIM1; k=rsa; p=MIGf; t=y");
            Harness harness = new Harness(dns).dkim(List.of("s1", "s2")).scope(List.of("rev.test", "ok.test"), List.of(), List.of());
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.DNS_EMAIL, reporter);

            assertThat(reporter.findings).extracting(NewFinding::ruleId, f -> f.target().host())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("dns.dkim.missing", "rev.test"));
            assertThat(reporter.findings.getFirst().evidence()).containsEntry("selectors", List.of("s1"))
                    .containsEntry("revoked", List.of("s1"));
        }
    }

    /** RFC 7208 4.5: an SPF record is "v=spf1" followed by a space or nothing; "v=spf10" is some other TXT. */
    @Test
    void onlyVSpf1FollowedByASpaceOrTheEndIsAnSpfRecord() {
        try (DnsResponder dns = new DnsResponder("127.63.0.4")) {
            dns.txt("spf10.test", "v=spf10 +all").txt("_dmarc.spf10.test", "v=DMARC1; p=reject");
            dns.txt("spf1.test", "v=spf1").txt("spf1.test", "V=SPF1 -all").txt("_dmarc.spf1.test", "v=DMARC1; p=reject");
            Harness harness = new Harness(dns).scope(List.of("spf10.test", "spf1.test"), List.of(), List.of());
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.DNS_EMAIL, reporter);

            assertThat(reporter.findings).extracting(NewFinding::ruleId, f -> f.target().host()).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("dns.spf.missing", "spf10.test"),
                    org.assertj.core.groups.Tuple.tuple("dns.spf.multiple", "spf1.test"));
        }
    }

    /**
     * RFC 7489 6.6.3: a record is DMARC only when its first tag is v=DMARC1; several records mean no policy at all
     * (and no walk to the parents); a record without a valid p= (or with an invalid sp=) counts as p=none when it
     * names a report address (rua=), else as no policy. RFC 6376 3.2, whose tag lists DMARC uses: a tag named twice
     * makes the whole record invalid, a DKIM key record included.
     */
    @Test
    void dmarcAndDkimRecordsAreReadAsTheRfcsSayReceiversReadThem() {
        try (DnsResponder dns = new DnsResponder("127.63.0.3")) {
            for (String name : List.of("twice.test", "ten.test", "late.test", "nop.test", "typo.test", "dup.test", "badsp.test", "dupk.test")) {
                dns.txt(name, "v=spf1 -all");
            }
            dns.txt("_dmarc.twice.test", "v=DMARC1; p=reject").txt("_dmarc.twice.test", "v=DMARC1; p=quarantine")
                    .txt("_dmarc.sub.twice.test", "unrelated=1").a("sub.twice.test", "127.0.0.21");
            dns.txt("_dmarc.ten.test", "v=DMARC10; p=reject");
            dns.txt("_dmarc.late.test", "p=reject; v=DMARC1");
            dns.txt("_dmarc.nop.test", "v=DMARC1; rua=mailto:reports@nop.test");
            dns.txt("_dmarc.typo.test", "v=DMARC1; p=rejct");
            dns.txt("_dmarc.dup.test", "v=DMARC1; p=reject; p=none");
            dns.txt("_dmarc.badsp.test", "v=DMARC1; p=reject; sp=maybe").a("x.badsp.test", "127.0.0.22");
            dns.txt("_dmarc.dupk.test", "v=DMARC1; p=reject").txt("s1._domainkey.dupk.test", "v=DKIM1; p=MIGfMA0; p=");
            Harness harness = new Harness(dns).dkim(List.of("s1")).scope(List.of("twice.test", "sub.twice.test", "ten.test",
                    "late.test", "nop.test", "typo.test", "dup.test", "x.badsp.test", "dupk.test"), List.of(), List.of());
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.DNS_EMAIL, reporter);

            Map<String, List<String>> dmarcByHost = reporter.findings.stream().filter(f -> f.ruleId().startsWith("dns.dmarc."))
                    .collect(Collectors.groupingBy(f -> f.target().host(), Collectors.mapping(NewFinding::ruleId, Collectors.toList())));
            assertThat(dmarcByHost).containsOnlyKeys("twice.test", "sub.twice.test", "ten.test", "late.test", "nop.test",
                    "typo.test", "dup.test", "x.badsp.test");
            assertThat(dmarcByHost.get("twice.test")).containsExactly("dns.dmarc.multiple");
            assertThat(dmarcByHost.get("sub.twice.test")).containsExactly("dns.dmarc.multiple");
            assertThat(dmarcFinding(reporter, "twice.test").evidence()).containsEntry("dmarc_name", "_dmarc.twice.test")
                    .containsEntry("dmarc_records", List.of("v=DMARC1; p=reject", "v=DMARC1; p=quarantine"));
            assertThat(dmarcByHost.get("ten.test")).containsExactly("dns.dmarc.missing");
            assertThat(dmarcByHost.get("late.test")).containsExactly("dns.dmarc.missing");
            assertThat(dmarcByHost.get("nop.test")).containsExactly("dns.dmarc.policy_none");
            assertThat(dmarcFinding(reporter, "nop.test").evidence()).containsEntry("policy_tag", "p")
                    .containsEntry("policy_valid", false);
            assertThat(dmarcByHost.get("typo.test")).containsExactly("dns.dmarc.invalid");
            assertThat(dmarcByHost.get("dup.test")).containsExactly("dns.dmarc.invalid");
            assertThat(dmarcByHost.get("x.badsp.test")).containsExactly("dns.dmarc.invalid");
            assertThat(dmarcFinding(reporter, "typo.test").evidence()).containsEntry("dmarc_record", "v=DMARC1; p=rejct");
            assertThat(reporter.findings).filteredOn(f -> f.ruleId().equals("dns.dkim.missing")).extracting(f -> f.target().host())
                    .contains("dupk.test");
            assertThat(reporter.findings).filteredOn(f -> f.ruleId().equals("dns.dkim.missing") && f.target().host().equals("dupk.test"))
                    .singleElement().satisfies(f -> assertThat(f.evidence()).containsEntry("revoked", List.of()));
        }
    }

    private static NewFinding dmarcFinding(RecordingReporter reporter, String host) {
        return reporter.findings.stream().filter(f -> f.ruleId().startsWith("dns.dmarc.") && f.target().host().equals(host))
                .findFirst().orElseThrow();
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
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("dns.zone_transfer.allowed", "ns1.open.zone.test"));
            assertThat(reporter.findings.getFirst().evidence()).containsEntry("name_server", "ns1.open.zone.test");
            assertThat(reporter.refusals).contains(new ScopeRefusal("ns.provider.test", null, "not_in_scope"));
            assertThat(outcome.counts()).containsEntry("transfers_refused", 1L);
            // the in-scope name servers were asked for open and closed; the foreign one never
            assertThat(dns.axfrRequests.get()).isEqualTo(2);
            assertThat(outcome.counts()).containsEntry("transfers_attempted", 2L);
            // the two name servers are in scope as names but are no zones: nothing to ask, and counted so
            assertThat(outcome.counts()).containsEntry("zones_without_ns", 2L);
        }
    }

    /**
     * The finding's target is the name server that gave the transfer, not the zone (whose own address is another
     * host): its url names the zone too, so two zones one server hands out are two findings, not one fingerprint.
     */
    @Test
    void aZoneTransferFindingNamesTheNameServerThatGaveItAndTheZone() {
        try (DnsResponder dns = new DnsResponder("127.63.0.3")) {
            dns.ns("weak.h3.test", "ns1.weak.h3.test").a("ns1.weak.h3.test", "127.63.0.3").a("weak.h3.test", "127.0.0.12")
                    .transferable("weak.h3.test");
            dns.ns("other.h3.test", "ns1.weak.h3.test").a("www.other.h3.test", "127.0.0.13").transferable("other.h3.test");
            Harness harness = new Harness(dns).scope(List.of("weak.h3.test", "other.h3.test", "ns1.weak.h3.test"), List.of(), List.of());
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.DNS_AXFR, reporter);

            int port = dns.port();
            assertThat(reporter.findings).extracting(NewFinding::target).containsExactlyInAnyOrder(
                    new FindingTarget("ns1.weak.h3.test", "127.63.0.3", port, "dns://ns1.weak.h3.test:" + port + "/weak.h3.test?type=AXFR"),
                    new FindingTarget("ns1.weak.h3.test", "127.63.0.3", port, "dns://ns1.weak.h3.test:" + port + "/other.h3.test?type=AXFR"));
            assertThat(reporter.findings).extracting(NewFinding::fingerprint).doesNotHaveDuplicates();
            assertThat(reporter.findings).extracting(NewFinding::title).containsExactlyInAnyOrder(
                    "Zone transfer of weak.h3.test allowed by ns1.weak.h3.test", "Zone transfer of other.h3.test allowed by ns1.weak.h3.test");
        }
    }

    /**
     * Replies that are not the zone handed out prove nothing (RFC 5936): the zone's SOA and then a close, a
     * record that is not the zone's SOA first, another zone's SOA under another query's id, the SOA followed only
     * by records outside the zone. A real transfer counts the zone's records, not its SOAs.
     */
    @Test
    void onlyATransferOfTheZoneItselfIsAFinding() throws Exception {
        try (DnsResponder dns = new DnsResponder("127.0.80.2")) {
            Map<String, java.util.function.Function<Message, List<Message>>> hostile = Map.of(
                    "soa-only.zone.test", q -> List.of(withAnswers(q, q.getHeader().getID(), soa("soa-only.zone.test"))),
                    "unrelated.zone.test", q -> List.of(withAnswers(q, q.getHeader().getID(),
                            new TXTRecord(DnsResponder.name("refused.invalid"), DClass.IN, 60, "no"))),
                    "wrong-id.zone.test", q -> List.of(withAnswers(q, (q.getHeader().getID() + 1) & 0xffff,
                            soa("victim.example"), soa("victim.example"))),
                    "out-of-zone.zone.test", q -> List.of(withAnswers(q, q.getHeader().getID(), soa("out-of-zone.zone.test"),
                            new TXTRecord(DnsResponder.name("elsewhere.test"), DClass.IN, 60, "padding"))));
            List<String> zones = new java.util.ArrayList<>(hostile.keySet());
            zones.add("open.zone.test");
            hostile.forEach((zone, reply) -> dns.ns(zone, "ns1.open.zone.test").transferReply(zone, reply));
            dns.ns("open.zone.test", "ns1.open.zone.test").a("ns1.open.zone.test", "127.0.80.2").a("www.open.zone.test", "127.0.80.7")
                    .transferable("open.zone.test");
            List<String> scope = new java.util.ArrayList<>(zones);
            scope.add("ns1.open.zone.test");
            RecordingReporter reporter = new RecordingReporter();

            var outcome = new Harness(dns).scope(scope, List.of(), List.of()).run(Rules.DNS_AXFR, reporter);

            assertThat(reporter.findings).extracting(NewFinding::title).containsExactly("Zone transfer of open.zone.test allowed by ns1.open.zone.test");
            // the zone's NS, the name server's A and www's A: the two SOAs around them are not counted
            assertThat(reporter.findings.getFirst().evidence()).containsEntry("records_received", 3);
            assertThat(outcome.counts()).containsEntry("transfers_attempted", 5L).containsEntry("transfers_unproven", 4L);
        }
    }

    private static SOARecord soa(String zone) {
        Name name = DnsResponder.name(zone);
        return new SOARecord(name, DClass.IN, 60, DnsResponder.name("ns1." + zone), DnsResponder.name("admin." + zone), 1, 60, 60, 60, 60);
    }

    private static Message withAnswers(Message query, int id, Record... answers) {
        Message response = DnsResponder.reply(query);
        response.getHeader().setID(id);
        for (Record answer : answers) {
            response.addRecord(answer, Section.ANSWER);
        }
        return response;
    }
}
