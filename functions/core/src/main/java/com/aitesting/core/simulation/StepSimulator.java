package com.aitesting.core.simulation;

import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.run.RunId;
import com.aitesting.core.scope.HostPattern;
import com.aitesting.core.scope.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the script of one simulated plan step: what a real tool of the test's kind would print, about
 * targets drawn only from the engagement's scope. Pure computation, deterministic for the run id: nothing
 * is resolved, connected to or probed.
 *
 * <p>A catalog test spans several consecutive plan steps. Its first step prepares (which targets are in
 * scope); the test's results are told once, spread over its remaining steps, and counted as findings in
 * its last step only, so a run's findings total counts each result once. Hosts "found up" depend on the
 * run id alone, so the ping sweep, the port scan and the web checks of one run agree on them.
 */
public final class StepSimulator {
    private static final int HOSTS_PER_RANGE = 6;
    // Keeps a scope with many CIDRs to a readable number of progress events.
    private static final int MAX_HOSTS = 24;

    private record Service(int port, String name, String product, boolean risky) {}

    private static final List<Service> SERVICES = List.of(
            new Service(22, "ssh", "OpenSSH 9.6p1", false),
            new Service(80, "http", "nginx 1.24.0", false),
            new Service(443, "https", "nginx 1.24.0", false),
            new Service(3389, "ms-wbt-server", "Microsoft Terminal Services", true),
            new Service(445, "microsoft-ds", "Samba smbd 4.19", true),
            new Service(21, "ftp", "vsftpd 3.0.5", true),
            new Service(23, "telnet", "BusyBox telnetd", true),
            new Service(25, "smtp", "Postfix smtpd", false),
            new Service(53, "domain", "ISC BIND 9.18.24", false),
            new Service(3306, "mysql", "MySQL 8.0.36", true),
            new Service(5432, "postgresql", "PostgreSQL 15.6", true),
            new Service(6379, "redis", "Redis 7.2.4", true),
            new Service(8080, "http-proxy", "Apache Tomcat 10.1.19", false),
            new Service(8443, "https-alt", "Jetty 12.0.7", false));
    private static final List<String> ISSUERS = List.of(
            "Let's Encrypt R11", "Let's Encrypt E6", "DigiCert Global G2 TLS RSA SHA256 2020 CA1",
            "Sectigo RSA Domain Validation Secure Server CA", "Amazon RSA 2048 M02");
    private static final List<String> SUBDOMAIN_WORDS = List.of(
            "www", "mail", "api", "vpn", "dev", "staging", "portal", "sso", "git", "status");
    private static final List<String> PATHS = List.of(
            "/admin 403", "/login 200", "/robots.txt 200 (3 Disallow entries)", "/.git/HEAD 404",
            "/server-status 403", "/api/health 200", "/backup.zip 404", "/.env 404", "/swagger-ui/ 200");

    /** The script of {@code steps.get(stepIndex)}; {@code steps} is the whole plan, in order. */
    public StepScript script(RunId run, List<PlanStep> steps, int stepIndex, Scope scope) {
        PlanStep step = steps.get(stepIndex);
        int first = stepIndex;
        while (first > 0 && steps.get(first - 1).testId().equals(step.testId())) {
            first--;
        }
        int last = stepIndex;
        while (last + 1 < steps.size() && steps.get(last + 1).testId().equals(step.testId())) {
            last++;
        }
        ScopeTargets targets = new ScopeTargets(scope);
        List<String> sampled = targets.sampleHosts(new Random(seed(run)), HOSTS_PER_RANGE);
        List<String> hosts = sampled.subList(0, Math.min(MAX_HOSTS, sampled.size()));
        Lines results = results(TestKind.of(step.testId()), targets, hosts, new Random(seed(run) * 31 + first));
        if (first == last) {
            return results.toScript(0, results.size(), true);
        }
        if (stepIndex == first) {
            return prepare(targets);
        }
        // The results are told once, in equal shares over the test's steps after the first.
        int share = stepIndex - first - 1;
        int shares = last - first;
        int from = results.size() * share / shares;
        int to = results.size() * (share + 1) / shares;
        return results.toScript(from, to, stepIndex == last);
    }

    private StepScript prepare(ScopeTargets targets) {
        Lines lines = new Lines();
        if (targets.hasRanges()) {
            lines.say("In-scope ranges " + String.join(", ", targets.rangeNames()) + " (" + targets.addressCount()
                    + " addresses); out-of-scope entries removed");
        }
        if (!targets.domains().isEmpty()) {
            lines.say("In-scope hosts " + String.join(", ", targets.domains()), targets.domains());
        }
        if (!targets.hasRanges() && targets.domains().isEmpty()) {
            lines.say("Every in-scope entry is excluded by out_of_scope; nothing to test");
        }
        lines.say(targets.rangeNames().size() + " address ranges and " + targets.domains().size() + " host names queued");
        return lines.toScript(0, lines.size(), false);
    }

    private Lines results(TestKind kind, ScopeTargets targets, List<String> hosts, Random random) {
        List<String> names = targets.domains().isEmpty() ? hosts : targets.domains();
        List<String> hostsOrNames = hosts.isEmpty() ? targets.domains() : hosts;
        return switch (kind) {
            case HOST_DISCOVERY -> hostDiscovery(targets, hosts, random);
            case PORT_SCAN -> portScan(hostsOrNames, random);
            case TLS -> tls(names, random);
            case DNS -> dns(targets, hosts, random);
            case HTTP -> http(names, random);
            case GENERIC -> generic(hostsOrNames);
        };
    }

    private Lines hostDiscovery(ScopeTargets targets, List<String> hosts, Random random) {
        Lines lines = new Lines();
        if (!targets.hasRanges()) {
            return lines.say("No in-scope CIDRs: host discovery has no address range to cover").headline("no address ranges in scope");
        }
        lines.say("Probing " + String.join(", ", targets.rangeNames()) + " with TCP connects to common ports");
        for (int i = 0; i < hosts.size(); i += 2) {
            List<String> batch = hosts.subList(i, Math.min(i + 2, hosts.size()));
            lines.say(String.join("; ", batch.stream()
                    .map(h -> h + " is up (" + (1 + random.nextInt(40)) + "." + random.nextInt(10) + " ms)").toList()), batch);
        }
        lines.say("Discovery complete: " + hosts.size() + " hosts up");
        return lines.headline(hosts.size() + " hosts up").detail("hosts_up", hosts.size());
    }

    private Lines portScan(List<String> hosts, Random random) {
        Lines lines = new Lines();
        lines.say("Scanning the top 1000 TCP ports of " + hosts.size() + " hosts (TCP connect scan)");
        int open = 0;
        int risky = 0;
        for (String host : hosts) {
            List<String> found = new ArrayList<>();
            for (Service s : pick(SERVICES, 1 + random.nextInt(4), random)) {
                found.add(s.port() + "/tcp open " + s.name() + " (" + s.product() + ")");
                open++;
                risky += s.risky() ? 1 : 0;
            }
            lines.say(host + ": " + String.join(", ", found), List.of(host));
        }
        return lines.findings(risky)
                .headline(open + " open ports on " + hosts.size() + " hosts, " + risky + " risky services exposed")
                .detail("open_ports", open);
    }

    private Lines tls(List<String> hosts, Random random) {
        Lines lines = new Lines();
        lines.say("Connecting to port 443 of " + hosts.size() + " hosts; enumerating protocol versions and ciphers");
        for (String host : hosts) {
            int days = 5 + random.nextInt(360);
            boolean legacy = random.nextInt(4) == 0;
            lines.say(endpoint(host) + " certificate CN=" + host + " issued by " + ISSUERS.get(random.nextInt(ISSUERS.size()))
                    + ", expires in " + days + " days" + (days < 30 ? " (renew soon)" : ""), List.of(host));
            lines.say(endpoint(host) + " offers " + (legacy ? "TLS 1.0, TLS 1.1, TLS 1.2, TLS 1.3; legacy protocols enabled"
                    : "TLS 1.2, TLS 1.3; TLS 1.0/1.1 disabled"), List.of(host));
            lines.findings((days < 30 ? 1 : 0) + (legacy ? 1 : 0));
        }
        return lines.headline("certificates and protocols checked on " + hosts.size() + " hosts");
    }

    private Lines dns(ScopeTargets targets, List<String> hosts, Random random) {
        Lines lines = new Lines();
        if (targets.zones().isEmpty()) {
            return lines.say("No in-scope domains: nothing to enumerate").headline("no domains in scope");
        }
        int listed = 0;
        for (HostPattern zone : targets.zones()) {
            // A wildcard entry covers the names below its domain, not the domain itself: name it as entered.
            String label = zone.text();
            List<String> servers = List.of("ns1." + zone.domain(), "ns2." + zone.domain(), "mail." + zone.domain());
            long serversInScope = servers.stream().filter(targets::allowsHost).count();
            lines.say(label + ": " + serversInScope + " name and mail servers in scope, " + (servers.size() - serversInScope)
                    + " outside it; TXT v=spf1 mx -all", zone.isWildcard() ? List.of() : List.of(label));
            List<String> found = pick(SUBDOMAIN_WORDS, 2 + random.nextInt(4), random).stream()
                    .map(w -> w + "." + zone.domain()).toList();
            // Names the scope does not cover are counted, never listed: they are not ours to report on.
            List<String> inScope = found.stream().filter(targets::allowsHost).toList();
            List<String> described = inScope.stream()
                    .map(n -> hosts.isEmpty() ? n : n + " A " + hosts.get(random.nextInt(hosts.size()))).toList();
            listed += inScope.size();
            lines.say(label + ": " + found.size() + " subdomains found (certificate transparency, wordlist); in scope: "
                    + (described.isEmpty() ? "none" : String.join(", ", described)), inScope);
            boolean weakDmarc = random.nextBoolean();
            boolean noCaa = random.nextBoolean();
            lines.say(label + ": DMARC " + (weakDmarc ? "p=none (not enforced)" : "p=reject") + "; CAA "
                    + (noCaa ? "missing" : "present") + "; zone transfer (AXFR) refused");
            lines.findings((weakDmarc ? 1 : 0) + (noCaa ? 1 : 0));
        }
        return lines.headline(listed + " in-scope subdomains under " + targets.zones().size() + " domain entries")
                .detail("subdomains_in_scope", listed);
    }

    private Lines http(List<String> hosts, Random random) {
        Lines lines = new Lines();
        for (String host : hosts) {
            String url = "https://" + urlHost(host) + "/";
            boolean csp = random.nextBoolean();
            boolean hsts = random.nextBoolean();
            lines.say("GET " + url + " -> 200, server nginx/1.24.0, " + (4 + random.nextInt(60)) + " KB", List.of(host));
            lines.say(url + " headers: Strict-Transport-Security " + (hsts ? "present" : "missing")
                    + "; Content-Security-Policy " + (csp ? "present" : "missing") + "; X-Content-Type-Options nosniff", List.of(host));
            lines.say(url + " paths: " + String.join(", ", pick(PATHS, 3, random)), List.of(host));
            lines.findings((csp ? 0 : 1) + (hsts ? 0 : 1));
        }
        return lines.headline("headers and paths checked on " + hosts.size() + " sites");
    }

    private Lines generic(List<String> targets) {
        Lines lines = new Lines();
        for (String target : targets) {
            lines.say(target + " checked", List.of(target));
        }
        return lines.headline(targets.size() + " targets checked");
    }

    private static String urlHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String endpoint(String host) {
        return urlHost(host) + ":443";
    }

    /** {@code count} distinct elements of {@code from}, kept in their listed order. */
    private static <T> List<T> pick(List<T> from, int count, Random random) {
        List<T> shuffled = new ArrayList<>(from);
        Collections.shuffle(shuffled, random);
        List<T> chosen = shuffled.subList(0, Math.min(count, shuffled.size()));
        return from.stream().filter(chosen::contains).toList();
    }

    private static long seed(RunId run) {
        return run.value().getMostSignificantBits() ^ Long.rotateLeft(run.value().getLeastSignificantBits(), 17);
    }

    /** The lines a test prints, the targets each names, and what it found. */
    private static final class Lines {
        private final List<String> messages = new ArrayList<>();
        private final List<List<String>> named = new ArrayList<>();
        private final Map<String, Object> details = new LinkedHashMap<>();
        private int findings;
        private String headline = "";

        Lines say(String message) {
            return say(message, List.of());
        }

        Lines say(String message, List<String> targets) {
            messages.add(message);
            named.add(List.copyOf(targets));
            return this;
        }

        Lines findings(int count) {
            findings += count;
            return this;
        }

        Lines headline(String text) {
            headline = text;
            return this;
        }

        Lines detail(String key, Object value) {
            details.put(key, value);
            return this;
        }

        int size() {
            return messages.size();
        }

        /**
         * Lines [from, to) as one step's progress, percents spread evenly below 100 (step.completed is the
         * 100). The closing step reports the headline and findings; an empty share still says something.
         */
        StepScript toScript(int from, int to, boolean closing) {
            List<String> shown = new ArrayList<>(messages.subList(from, to));
            List<String> targets = new ArrayList<>();
            named.subList(from, to).forEach(n -> n.stream().filter(t -> !targets.contains(t)).forEach(targets::add));
            if (closing) {
                shown.add("Result: " + headline + "; " + findings + (findings == 1 ? " finding" : " findings"));
            } else if (shown.isEmpty()) {
                shown.add("No further results in this step");
            }
            List<StepScript.Progress> progress = new ArrayList<>();
            for (int i = 0; i < shown.size(); i++) {
                progress.add(new StepScript.Progress((i + 1) * 100 / (shown.size() + 1), shown.get(i)));
            }
            return new StepScript(progress, closing ? headline : shown.getLast(), closing ? findings : 0, targets,
                    closing ? Map.copyOf(details) : Map.of());
        }
    }
}
