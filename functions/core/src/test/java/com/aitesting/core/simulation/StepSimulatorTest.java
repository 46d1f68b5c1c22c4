package com.aitesting.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.run.RunId;
import com.aitesting.core.scope.Cidr;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StepSimulatorTest {
    /** One test of every kind, with as many steps as the catalog gives them. */
    private static final List<PlanStep> PLAN = plan(
            "network.discovery.ping_sweep", 3, "network.nmap.tcp_top_1000", 3, "tls.certificate_check", 3,
            "dns.subdomain_enumeration", 3, "http.security_headers", 3, "web.crawl_and_fingerprint", 3,
            "dns.zone_transfer_check", 2, "compliance.password_policy", 1);

    private final StepSimulator simulator = new StepSimulator();

    @Test
    void sameRunGivesTheSameScriptForEveryStep() {
        RunId run = RunId.random();
        RunId sameRun = new RunId(UUID.fromString(run.toString()));
        Scope scope = scope(List.of("example.test"), List.of("10.0.0.0/24"), List.of());
        for (int i = 0; i < PLAN.size(); i++) {
            assertThat(simulator.script(run, PLAN, i, scope)).isEqualTo(simulator.script(sameRun, PLAN, i, scope));
        }
    }

    @Test
    void differentRunsFindDifferentHosts() {
        Scope scope = scope(List.of(), List.of("10.0.0.0/16"), List.of());
        assertThat(simulator.script(RunId.random(), PLAN, 1, scope).targets())
                .isNotEqualTo(simulator.script(RunId.random(), PLAN, 1, scope).targets());
    }

    @Test
    void hostDiscoveryAndPortScanOfOneRunAgreeOnTheHostsUp() {
        RunId run = RunId.random();
        Scope scope = scope(List.of(), List.of("10.0.0.0/24"), List.of());
        List<String> up = new ArrayList<>();
        List<String> scanned = new ArrayList<>();
        for (int i = 1; i < 3; i++) {
            up.addAll(simulator.script(run, PLAN, i, scope).targets());
        }
        for (int i = 4; i < 6; i++) {
            scanned.addAll(simulator.script(run, PLAN, i, scope).targets());
        }
        assertThat(up).isNotEmpty().isEqualTo(scanned);
        assertThat(simulator.script(run, PLAN, 1, scope).progress()).anyMatch(p -> p.message().contains(" is up ("));
        assertThat(simulator.script(run, PLAN, 5, scope).progress()).anyMatch(p -> p.message().contains("/tcp open "));
    }

    @Test
    void aTestsFindingsAreCountedOnceInItsLastStep() {
        Scope scope = scope(List.of("example.test", "shop.test"), List.of(), List.of());
        RunId run = RunId.random();
        // http.security_headers: steps 12, 13, 14; every site lacks something or not, but the count lives in step 14.
        assertThat(simulator.script(run, PLAN, 12, scope).findings()).isZero();
        assertThat(simulator.script(run, PLAN, 13, scope).findings()).isZero();
        StepScript last = simulator.script(run, PLAN, 14, scope);
        assertThat(last.progress().getLast().message()).startsWith("Result: headers and paths checked on 2 sites; ");
        assertThat(last.summary()).containsEntry("findings", last.findings()).containsKey("headline");
    }

    @Test
    void progressPercentsRiseAndStayBelowHundred() {
        Scope scope = scope(List.of("a.test", "*.b.test"), List.of("10.1.0.0/24", "2001:db8::/64"), List.of());
        RunId run = RunId.random();
        for (int i = 0; i < PLAN.size(); i++) {
            List<StepScript.Progress> progress = simulator.script(run, PLAN, i, scope).progress();
            assertThat(progress).isNotEmpty();
            assertThat(progress.getLast().percent()).isLessThan(100);
            assertThat(IntStream.range(1, progress.size())
                    .allMatch(k -> progress.get(k).percent() >= progress.get(k - 1).percent())).isTrue();
        }
    }

    @Test
    void everyAddressAndNameReportedIsInScopeAndNotOutOfScope() {
        Random random = new Random(42);
        for (int round = 0; round < 60; round++) {
            Scope scope = randomScope(random);
            RunId run = new RunId(new UUID(random.nextLong(), random.nextLong()));
            for (int i = 0; i < PLAN.size(); i++) {
                StepScript script = simulator.script(run, PLAN, i, scope);
                List<String> tokens = new ArrayList<>(script.targets());
                script.progress().forEach(p -> tokens.addAll(List.of(p.message().split("[\\s,;()\\[\\]]+"))));
                for (String raw : tokens) {
                    String token = raw.replaceFirst("^https://", "").replaceFirst("(:443)?/?:?$", "");
                    if (token.matches("[0-9a-f:.]*\\d[0-9a-f:.]*") && (token.contains(":") || token.split("\\.").length == 4)) {
                        assertThat(scope.allowsRange(Cidr.parse(token))).as("%s allowed by %s", token, scope).isTrue();
                    }
                    if (token.matches("[a-z0-9.-]+\\.test")) {
                        assertThat(scope.allowsHost(token)).as("%s allowed by %s", token, scope).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void aCidrEntirelyOutOfScopeYieldsNoHosts() {
        Scope scope = scope(List.of(), List.of("10.0.0.0/24"), List.of("10.0.0.0/16"));
        StepScript collect = simulator.script(RunId.random(), PLAN, 2, scope);
        assertThat(collect.targets()).isEmpty();
        assertThat(collect.headline()).isEqualTo("0 hosts up");
    }

    @Test
    void subdomainsOutsideTheScopeAreCountedButNeverNamed() {
        Scope scope = scope(List.of("example.test"), List.of(), List.of());
        for (int i = 10; i < 12; i++) {
            StepScript script = simulator.script(RunId.random(), PLAN, i, scope);
            assertThat(script.targets()).allMatch("example.test"::equals);
        }
    }

    @Test
    void samplingHostsFromAnIpv6Slash64IsCheap() {
        Scope scope = scope(List.of(), List.of("2001:db8:1:2::/64"), List.of("2001:db8:1:2::/66"));
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 200; i++) {
                List<String> hosts = new ScopeTargets(scope).sampleHosts(new Random(i), 6);
                assertThat(hosts).hasSize(6).allMatch(h -> h.startsWith("2001:db8:1:2:"));
            }
        });
    }

    private static Scope scope(List<String> domains, List<String> cidrs, List<String> out) {
        return Scope.parse(new ScopeInput(domains, cidrs, out, "safe_active", List.of()));
    }

    private static Scope randomScope(Random random) {
        List<String> cidrs = new ArrayList<>();
        List<String> out = new ArrayList<>();
        List<String> domains = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            int second = random.nextInt(4);
            cidrs.add("10." + second + ".0.0/" + (22 + random.nextInt(3)));
            if (random.nextBoolean()) {
                out.add("10." + second + "." + random.nextInt(4) + ".0/" + (24 + random.nextInt(6)));
            }
        }
        if (random.nextBoolean()) {
            cidrs.add("2001:db8:" + random.nextInt(3) + "::/64");
            out.add("2001:db8:" + random.nextInt(3) + "::/65");
        }
        for (String name : List.of("example.test", "corp.test", "*.shop.test", "*.example.test")) {
            if (random.nextBoolean()) {
                domains.add(name);
            }
        }
        if (domains.isEmpty() && cidrs.isEmpty()) {
            domains.add("example.test");
        }
        for (String word : List.of("www", "mail", "api", "vpn", "dev", "staging")) {
            if (random.nextInt(3) == 0) {
                out.add(word + ".example.test");
            }
        }
        if (random.nextInt(4) == 0) {
            out.add("corp.test");
        }
        return scope(domains, cidrs, out);
    }

    private static List<PlanStep> plan(Object... testsAndStepCounts) {
        List<PlanStep> steps = new ArrayList<>();
        for (int t = 0; t < testsAndStepCounts.length; t += 2) {
            String test = (String) testsAndStepCounts[t];
            for (int k = 0; k < (int) testsAndStepCounts[t + 1]; k++) {
                steps.add(new PlanStep(steps.size(), test, "step" + k, test + " step " + k, "agent", 10));
            }
        }
        return List.copyOf(steps);
    }
}
