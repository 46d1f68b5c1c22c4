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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
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
    /** The values of DMARC's p= and sp= (RFC 7489 6.3). */
    private static final Pattern SPF_VERSION = Pattern.compile("(?i)v=spf1( |$)");
    private static final Set<String> POLICIES = Set.of("none", "quarantine", "reject");

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
        // RFC 7208 4.5: "v=spf1" then a space or the end ("v=spf10" is another TXT)
        List<String> spf = texts(own).stream().filter(t -> SPF_VERSION.matcher(t).lookingAt()).toList();
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
                    .flatMap(Optional::stream).filter(tags -> tags.containsKey("p")).map(tags -> tags.get("p")).toList();
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
     * The first DMARC record of {@link #dmarcDomains}, read as RFC 7489 6.6.3 has receivers read it: only a
     * record whose first tag is v=DMARC1 counts, several at one name mean no policy (and no walk to the parents),
     * the name's own record is judged by its p=, a parent's (the Organizational Domain's policy covers a name
     * without one) by its sp=, else its p=. A record without a valid p= (or with an invalid sp=) counts as p=none
     * when it names a report address (rua=), else as no policy at all.
     */
    private static void checkDmarc(StepContext context, String name, FindingTarget target) throws DnsClient.DnsException {
        List<String> queried = new ArrayList<>();
        for (String domain : dmarcDomains(name)) {
            String dmarcName = "_dmarc." + domain;
            queried.add(dmarcName);
            List<String> dmarc = txt(context, dmarcName).stream().filter(EmailSecurityRecords::isDmarc).toList();
            if (dmarc.isEmpty()) {
                continue;
            }
            boolean inherited = !domain.equals(name);
            if (inherited) {
                context.count("dmarc_inherited", 1);
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("dmarc_name", dmarcName);
            if (dmarc.size() > 1) {
                evidence.put("dmarc_records", dmarc);
                context.finding("dns.dmarc.multiple", Severity.MEDIUM, "Several DMARC records for " + name,
                        dmarcName + " holds " + dmarc.size() + " DMARC records: RFC 7489 has receivers apply no DMARC policy then.",
                        target, evidence);
                return;
            }
            evidence.put("dmarc_record", dmarc.getFirst());
            Map<String, String> tags = tags(dmarc.getFirst()).orElse(Map.of());
            boolean valid = POLICIES.contains(tags.getOrDefault("p", "")) && POLICIES.contains(tags.getOrDefault("sp", "none"));
            String policyTag = inherited && tags.containsKey("sp") ? "sp" : "p";
            evidence.put("policy_tag", policyTag);
            evidence.put("policy_valid", valid);
            if (!valid && tags.getOrDefault("rua", "").isEmpty()) {
                context.finding("dns.dmarc.invalid", Severity.MEDIUM, "DMARC record without a valid policy for " + name,
                        "The DMARC record that covers it (" + dmarcName + ") has no valid p= or sp= (none, quarantine or reject),"
                                + " or names a tag twice, and has no rua=: receivers apply no DMARC policy.", target, evidence);
            } else if (!valid) {
                context.finding("dns.dmarc.policy_none", Severity.LOW, "DMARC policy is none for " + name,
                        "The DMARC record that covers it (" + dmarcName + ") has no valid p= or sp=; as it names a report"
                                + " address (rua=), receivers treat it as p=none: spoofed mail is still delivered.", target, evidence);
            } else if ("none".equals(tags.get(policyTag))) {
                context.finding("dns.dmarc.policy_none", Severity.LOW, "DMARC policy is none for " + name,
                        "The DMARC policy that covers it (" + policyTag + "= of " + dmarcName
                                + ") only monitors: spoofed mail is still delivered.", target, evidence);
            }
            return;
        }
        context.finding("dns.dmarc.missing", Severity.MEDIUM, "No DMARC record for " + name,
                "Without DMARC, receivers have no policy for mail that fails SPF and DKIM.", target, Map.of("queried", queried));
    }

    /** RFC 7489 6.4: the version tag comes first and is exactly DMARC1 (v=DMARC10 is not DMARC). */
    static boolean isDmarc(String text) {
        String first = text.split(";", 2)[0];
        int eq = first.indexOf('=');
        return eq > 0 && lower(first.substring(0, eq)).equals("v") && lower(first.substring(eq + 1)).equals("dmarc1");
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

    /**
     * A DKIM tag list (RFC 6376 3.2, which DMARC records use too), names and values lower-cased; empty when a
     * tag is named twice, which makes the whole list invalid.
     */
    static Optional<Map<String, String>> tags(String record) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && tags.put(lower(part.substring(0, eq)), lower(part.substring(eq + 1))) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(tags);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT).strip();
    }
}
