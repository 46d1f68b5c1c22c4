package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.Severity;
import com.aitesting.executors.net.DnsClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * dns.email_security_records: TXT lookups, through the configured resolver, of each in-scope name (SPF),
 * _dmarc.&lt;name&gt; and, without a record there, its parents' (DMARC) and &lt;selector&gt;._domainkey.&lt;name&gt;
 * for each configured DKIM selector. No connection to the target itself.
 */
final class EmailSecurityRecords implements TestExecutor {
    /** Parents of a name asked for its DMARC record at most (see {@link #dmarcDomains}). */
    static final int MAX_DMARC_PARENTS = 4;

    @Override
    public String testId() {
        return Rules.DNS_EMAIL;
    }

    @Override
    public String workStep() {
        return "query_records";
    }

    /** A domain: TXT lookups of the name, its _dmarc and its parents', and each DKIM selector; no probe of the target. */
    @Override
    public ItemCost itemCost(ExecutorSettings settings) {
        return new ItemCost(0, java.time.Duration.ZERO,
                settings.lookupBound().multipliedBy(2 + MAX_DMARC_PARENTS + settings.dkimSelectors().size()));
    }

    @Override
    public ChunkOutcome run(StepContext context) {
        List<String> names = context.workList(() -> ScanTargets.names(context.work().scope()));
        return context.each(names, itemCost(context.settings()), "domains", name -> {
            context.count("domains", 1);
            try {
                check(context, name);
            } catch (DnsClient.DnsException e) {
                context.count("lookups_failed", 1);
            }
        });
    }

    private void check(StepContext context, String name) throws DnsClient.DnsException {
        FindingTarget target = new FindingTarget(name, null, null, null);
        context.count("queries", 1);
        DnsClient.Answer own = context.guard().answer(name, Type.TXT);
        if (!own.nameExists()) {
            // a name that does not exist sends no mail and lacks no record: nothing was observed to judge
            context.count("domains_not_found", 1);
            return;
        }
        List<String> spf = texts(own).stream().filter(t -> lower(t).startsWith("v=spf1")).toList();
        if (spf.isEmpty()) {
            context.finding("dns.spf.missing", Severity.MEDIUM, "No SPF record for " + name,
                    "Without SPF, any server may send mail claiming to be from " + name + ".", target, Map.of("spf_records", spf));
        } else if (spf.size() > 1) {
            context.finding("dns.spf.multiple", Severity.MEDIUM, "Several SPF records for " + name,
                    "RFC 7208 makes several SPF records a permanent error: receivers ignore them all.", target, Map.of("spf_records", spf));
        } else {
            String record = lower(spf.getFirst());
            if (record.contains("+all") || record.matches(".*\\sall(\\s.*)?$")) {
                context.finding("dns.spf.permissive", Severity.HIGH, "SPF allows every sender for " + name,
                        "The SPF record ends in +all: every server on the internet passes.", target, Map.of("spf_record", spf.getFirst()));
            } else if (record.contains("?all")) {
                context.finding("dns.spf.neutral", Severity.LOW, "SPF is neutral about other senders for " + name,
                        "The SPF record ends in ?all: mail from other servers is neither passed nor failed.", target, Map.of("spf_record", spf.getFirst()));
            }
        }
        checkDmarc(context, name, target);
        List<String> missingSelectors = new ArrayList<>();
        List<String> revokedSelectors = new ArrayList<>();
        for (String selector : context.settings().dkimSelectors()) {
            // a key record is one with a p= tag; an empty p= is a revoked key (RFC 6376 3.6.1)
            List<String> keys = txt(context, selector + "._domainkey." + name).stream().map(EmailSecurityRecords::tags)
                    .filter(tags -> tags.containsKey("p")).map(tags -> tags.get("p")).toList();
            if (keys.stream().allMatch(String::isEmpty)) {
                missingSelectors.add(selector);
                if (!keys.isEmpty()) {
                    revokedSelectors.add(selector);
                }
            }
        }
        if (!missingSelectors.isEmpty()) {
            String revoked = revokedSelectors.isEmpty() ? ""
                    : " The key of " + String.join(", ", revokedSelectors) + " is revoked (an empty p=).";
            context.finding("dns.dkim.missing", Severity.LOW, "DKIM selectors without a key for " + name,
                    "No DKIM key is published for the configured selectors " + String.join(", ", missingSelectors) + "." + revoked,
                    target, Map.of("selectors", missingSelectors, "revoked", revokedSelectors));
        }
    }

    /**
     * The first DMARC record of {@link #dmarcDomains}: the name's own judged by its p=, a parent's (RFC 7489
     * 6.6.3: the Organizational Domain's policy covers a name without one) by its sp=, else its p=.
     */
    private static void checkDmarc(StepContext context, String name, FindingTarget target) throws DnsClient.DnsException {
        List<String> queried = new ArrayList<>();
        for (String domain : dmarcDomains(name)) {
            String dmarcName = "_dmarc." + domain;
            queried.add(dmarcName);
            List<String> dmarc = txt(context, dmarcName).stream().filter(t -> lower(t).startsWith("v=dmarc1")).toList();
            if (dmarc.isEmpty()) {
                continue;
            }
            boolean inherited = !domain.equals(name);
            if (inherited) {
                context.count("dmarc_inherited", 1);
            }
            Map<String, String> tags = tags(dmarc.getFirst());
            String policyTag = inherited && tags.containsKey("sp") ? "sp" : "p";
            if ("none".equals(tags.get(policyTag))) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("dmarc_name", dmarcName);
                evidence.put("dmarc_record", dmarc.getFirst());
                evidence.put("policy_tag", policyTag);
                context.finding("dns.dmarc.policy_none", Severity.LOW, "DMARC policy is none for " + name,
                        "The DMARC policy that covers it (" + policyTag + "= of " + dmarcName
                                + ") only monitors: spoofed mail is still delivered.", target, evidence);
            }
            return;
        }
        context.finding("dns.dmarc.missing", Severity.MEDIUM, "No DMARC record for " + name,
                "Without DMARC, receivers have no policy for mail that fails SPF and DKIM.", target, Map.of("queried", queried));
    }

    /**
     * Where a DMARC record for {@code name} may be: the name, then its parents nearest first, never the last label
     * alone. There is no Public Suffix List to name the Organizational Domain, so it is taken to be among the
     * shortest parents: of a deeper name only the MAX_DMARC_PARENTS shortest are asked (as DMARCbis's tree
     * walk skips the middle labels), which keeps one name's lookups bounded.
     */
    static List<String> dmarcDomains(String name) {
        String[] labels = name.split("\\.");
        List<String> domains = new ArrayList<>(List.of(name));
        for (int first = Math.max(1, labels.length - 1 - MAX_DMARC_PARENTS); first <= labels.length - 2; first++) {
            domains.add(String.join(".", Arrays.copyOfRange(labels, first, labels.length)));
        }
        return domains;
    }

    private static List<String> txt(StepContext context, String name) throws DnsClient.DnsException {
        context.count("queries", 1);
        return texts(context.guard().answer(name, Type.TXT));
    }

    private static List<String> texts(DnsClient.Answer answer) {
        List<String> texts = new ArrayList<>();
        for (Record record : answer.records()) {
            if (record instanceof TXTRecord txt) {
                texts.add(String.join("", txt.getStrings()));
            }
        }
        return texts;
    }

    static Map<String, String> tags(String record) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                tags.put(lower(part.substring(0, eq).strip()), lower(part.substring(eq + 1).strip()));
            }
        }
        return tags;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT).strip();
    }
}
