package com.aitesting.api;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What PostgreSQL cannot store and what the platform must not accept: each is a 400 (malformed or over a
 * bound) or 422 (a scope too wide without the engagement's consent) problem on the field, and writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputBoundsIT {
    private TestServer server;
    private Api api;

    @BeforeAll
    void start() {
        server = TestServer.start();
        api = new Api(server, "t_bounds");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static String engagement(String name, String cidrs, String extra) {
        return "{\"name\":\"" + name + "\",\"tenant_id\":\"t_bounds\",\"type\":\"network\",\"scope\":{\"in_scope_domains\":[\"example.com\"],"
                + "\"in_scope_cidrs\":[" + cidrs + "],\"out_of_scope\":[],\"risk_tier\":\"safe_active\",\"windows\":[]}" + extra + "}";
    }

    /** The problem for {@code body}, after checking that nothing was written. */
    private JsonNode refused(String body, int status, String type) {
        return refused(body.getBytes(StandardCharsets.UTF_8), status, type);
    }

    private JsonNode refused(byte[] body, int status, String type) {
        Map<String, Long> before = server.rowCounts();
        JsonNode problem = assertProblem(server.send("POST", "/v1/engagements", "application/json", body, api.headers()), status, type);
        assertThat(server.rowCounts()).isEqualTo(before);
        return problem;
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    @Test
    void aNulCharacterInAnyStringIs400OnThatField() {
        JsonNode p = refused(engagement("a\\u0000b", "\"10.0.0.0/24\"", ""), 400, "validation");
        assertThat(fields(p)).containsExactly("name");
        assertThat(p.path("errors").get(0).path("message").asText()).contains("NUL");

        p = refused(engagement("ok", "\"10.0.0.0/24\"", "").replace("\"example.com\"", "\"exa\\u0000mple.com\""), 400, "validation");
        assertThat(fields(p)).containsExactly("scope.in_scope_domains[0]");

        p = refused(engagement("ok", "\"10.0.0.0/24\"", "").replace("\"tenant_id\":\"t_bounds\"", "\"tenant_id\":\"t_\\u0000\""), 400, "validation");
        assertThat(fields(p)).containsExactly("tenant_id");

        p = refused(engagement("ok", "\"10.0.0.0/24\"", "").replace("\"safe_active\"", "\"safe\\u0000active\""), 400, "validation");
        assertThat(fields(p)).containsExactly("scope.risk_tier");
    }

    @Test
    void controlCharactersAre400AndANameMustBeOneLine() {
        for (String control : new String[] {"\\u001b[31m", "\\u0007", "\\u007f", "\\u009b"}) {
            JsonNode p = refused(engagement("a" + control + "b", "\"10.0.0.0/24\"", ""), 400, "validation");
            assertThat(fields(p)).as(control).containsExactly("name");
            assertThat(p.path("errors").get(0).path("message").asText()).as(control).contains("control characters");
            p = refused(engagement("ok", "\"10.0.0.0/24\"", "").replace("\"example.com\"", "\"exa" + control + "mple.com\""), 400, "validation");
            assertThat(fields(p)).as(control).containsExactly("scope.in_scope_domains[0]");
        }
        // line breaks and tabs are text in general, but not in a name
        JsonNode p = refused(engagement("first\\nsecond", "\"10.0.0.0/24\"", ""), 400, "validation");
        assertThat(fields(p)).containsExactly("name");
        assertThat(p.path("errors").get(0).path("message").asText()).contains("one line");
    }

    @Test
    void aNulInAPlanOrRunBodyIs400Too() {
        String id = api.createEngagement().path("id").asText();
        JsonNode p = assertProblem(api.post("/v1/engagements/" + id + "/plan", Api.PLAN.replace("network.discovery.ping_sweep",
                "network.discovery\\u0000")), 400, "validation");
        assertThat(fields(p)).containsExactly("selected_tests[0].id");
        p = assertProblem(api.post("/v1/tests", "{\"engagement_id\":\"\\u0000\",\"plan_id\":\"x\"}"), 400, "validation");
        assertThat(fields(p)).containsExactly("engagement_id");
    }

    @Test
    void anUnpairedSurrogateIs400() {
        JsonNode p = refused(engagement("a\\ud800b", "\"10.0.0.0/24\"", ""), 400, "validation");
        assertThat(fields(p)).containsExactly("name");
    }

    /**
     * Each body is given as ISO-8859-1 text, one char per byte: overlong forms that a lenient decoder reads as "/", ".",
     * "<" and the quote, an encoded surrogate, a code point above U+10FFFF, bytes that are no UTF-8 at all.
     */
    @Test
    void aBodyThatIsNotWellFormedUtf8Is400OnTheBodyAndWritesNothing() {
        String[] bytes = {
                engagement("a\u00c0\u00afb", "\"10.0.0.0/24\"", ""), engagement("a\u00e0\u0080\u00afb", "\"10.0.0.0/24\"", ""),
                engagement("ok", "\"127\u00c0\u00ae0.0.1/32\"", ""), engagement("a\u00c0\u00bcscript", "\"10.0.0.0/24\"", ""),
                engagement("a\u00c0\u00a2,\u00c0\u00a2x", "\"10.0.0.0/24\"", ""), engagement("a\u00ed\u00a0\u0080b", "\"10.0.0.0/24\"", ""),
                engagement("a\u00f4\u0090\u0080\u0080b", "\"10.0.0.0/24\"", ""), engagement("a\u00ff\u00feb", "\"10.0.0.0/24\"", "")};
        for (String body : bytes) {
            JsonNode p = refused(body.getBytes(StandardCharsets.ISO_8859_1), 400, "validation");
            assertThat(fields(p)).as(body).containsExactly("body");
            assertThat(p.path("detail").asText()).as(body).contains("not valid JSON (line 1, column ");
        }
    }

    /** JSON is UTF-8 (RFC 8259 §8.1): a UTF-16 or UTF-32 body is refused, with or without a byte order mark. */
    @Test
    void aUtf16OrUtf32BodyIs400AndAUtf8ByteOrderMarkIsSkipped() {
        String body = engagement("bom", "\"10.0.0.0/24\"", "");
        for (Charset other : new Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                Charset.forName("UTF-32LE")}) {
            assertThat(fields(refused(body.getBytes(other), 400, "validation"))).as(other.name()).containsExactly("body");
        }
        TestServer.Response created = api.post("/v1/engagements", "\ufeff" + body);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.json().path("name").asText()).isEqualTo("bom");
    }

    @Test
    void aStringOverTheGeneralBoundIs400EvenWhereNoFieldRuleApplies() {
        JsonNode p = refused(engagement("ok", "\"10.0.0.0/24\"", "").replace("\"network\"", "\"" + "n".repeat(10_001) + "\""),
                400, "validation");
        assertThat(fields(p)).containsExactly("type");
        assertThat(p.path("errors").get(0).path("message").asText()).contains("10000");
    }

    @Test
    void everyAddressIsNeverAScopeEvenWithAllowLargeScope() {
        for (String all : new String[] {"0.0.0.0/0", "::/0"}) {
            for (String extra : new String[] {"", ",\"allow_large_scope\":true"}) {
                JsonNode p = refused(engagement("wide", "\"" + all + "\"", extra), 422, "unprocessable");
                assertThat(fields(p)).as(all + extra).containsExactly("scope.in_scope_cidrs[0]");
            }
        }
    }

    @Test
    void aCidrWiderThanTheLimitIs422UnlessTheEngagementAllowsALargeScope() {
        for (String wide : new String[] {"10.0.0.0/15", "10.0.0.0/8", "2001:db8::/47", "2001:db8::/32"}) {
            JsonNode p = refused(engagement("wide", "\"192.0.2.0/24\",\"" + wide + "\"", ""), 422, "unprocessable");
            assertThat(fields(p)).as(wide).containsExactly("scope.in_scope_cidrs[1]");
            assertThat(p.path("errors").get(0).path("message").asText()).contains("allow_large_scope");
        }
        assertThat(api.post("/v1/engagements", engagement("ok16", "\"10.0.0.0/16\",\"2001:db8::/48\"", "")).status()).isEqualTo(201);

        TestServer.Response allowed = api.post("/v1/engagements", engagement("big", "\"10.0.0.0/8\"", ",\"allow_large_scope\":true"));
        assertThat(allowed.status()).as("%s", allowed).isEqualTo(201);
        assertThat(allowed.json().path("allow_large_scope").asBoolean()).isTrue();
        String id = allowed.json().path("id").asText();
        assertThat(api.get("/v1/engagements/" + id).json().path("allow_large_scope").asBoolean()).isTrue();
        assertThat(api.get("/v1/engagements/" + id).json().path("scope").path("in_scope_cidrs").get(0).asText()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void anIpv6FormOfIpv4AddressesIs422InScopeAndOutOfScopeEvenWithAllowLargeScope() {
        // 64:ff9b::/96 is a /96, "small" for IPv6, yet it is every IPv4 address behind a NAT64 gateway
        for (String embedded : new String[] {"64:ff9b::/96", "::/96", "2002::/16", "2001::/32", "64:ff9b:1::/48"}) {
            for (String extra : new String[] {"", ",\"allow_large_scope\":true"}) {
                JsonNode p = refused(engagement("embedded", "\"192.0.2.0/24\",\"" + embedded + "\"", extra), 422, "unprocessable");
                assertThat(fields(p)).as(embedded + extra).containsExactly("scope.in_scope_cidrs[1]");
                assertThat(p.path("errors").get(0).path("message").asText()).contains("list the IPv4 addresses instead");
            }
        }
        JsonNode p = refused(engagement("excluded", "\"10.0.0.0/24\"", "").replace("\"out_of_scope\":[]",
                "\"out_of_scope\":[\"64:ff9b::a00:5\"]"), 422, "unprocessable");
        assertThat(fields(p)).containsExactly("scope.out_of_scope[0]");
        assertThat(p.path("errors").get(0).path("message").asText()).contains("did you mean 10.0.0.5/32?");
    }

    @Test
    void aMappedEntryIsItsIpv4RangeForTheLimitsTheExclusionsAndTheStoredScope() {
        JsonNode p = refused(engagement("mapped", "\"::ffff:10.0.0.0/104\"", ""), 422, "unprocessable");
        assertThat(fields(p)).containsExactly("scope.in_scope_cidrs[0]");
        assertThat(p.path("errors").get(0).path("message").asText()).contains("wider than /16", "allow_large_scope");
        p = refused(engagement("mapped", "\"::ffff:0.0.0.0/96\"", ",\"allow_large_scope\":true"), 422, "unprocessable");
        assertThat(p.path("errors").get(0).path("message").asText()).contains("covers every address");

        TestServer.Response created = api.post("/v1/engagements", engagement("mapped", "\"::ffff:10.0.0.0/104\"",
                ",\"allow_large_scope\":true").replace("\"out_of_scope\":[]", "\"out_of_scope\":[\"::ffff:10.0.0.2/128\"]"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode scope = api.get("/v1/engagements/" + created.json().path("id").asText()).json().path("scope");
        assertThat(scope.path("in_scope_cidrs").get(0).asText()).isEqualTo("10.0.0.0/8");
        assertThat(scope.path("out_of_scope").get(0).asText()).isEqualTo("10.0.0.2/32");
    }

    @Test
    void moreThanAThousandEntriesIs422UnlessAllowedAndMoreThanTenThousandIs400() {
        String thousandAndOne = cidrs(1_001);
        JsonNode p = refused(engagement("many", thousandAndOne, ""), 422, "unprocessable");
        assertThat(fields(p)).containsExactly("scope.in_scope_cidrs");
        assertThat(api.post("/v1/engagements", engagement("many", thousandAndOne, ",\"allow_large_scope\":true")).status()).isEqualTo(201);
        assertThat(api.post("/v1/engagements", engagement("thousand", cidrs(999), "")).status()).isEqualTo(201); // + 1 domain = 1,000

        p = refused(engagement("too many", cidrs(10_001), ",\"allow_large_scope\":true"), 400, "validation");
        assertThat(fields(p)).containsExactly("scope.in_scope_cidrs");
    }

    @Test
    void moreThanAHundredWindowsIs400() {
        String window = "{\"kind\":\"absolute\",\"start\":\"2099-03-01T22:00:00Z\",\"end\":\"2099-03-02T06:00:00Z\"}";
        String windows = IntStream.range(0, 101).mapToObj(i -> window).collect(Collectors.joining(","));
        JsonNode p = refused(engagement("w", "\"10.0.0.0/24\"", "").replace("\"windows\":[]", "\"windows\":[" + windows + "]"),
                400, "validation");
        assertThat(fields(p)).containsExactly("scope.windows");
    }

    @Test
    void aWindowOutsideTheYears2000To2100Is400() {
        for (String start : new String[] {"1999-12-31T22:00:00Z", "2101-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
            String window = "{\"kind\":\"absolute\",\"start\":\"" + start + "\",\"end\":\"2099-03-02T06:00:00Z\"}";
            JsonNode p = refused(engagement("w", "\"10.0.0.0/24\"", "").replace("\"windows\":[]", "\"windows\":[" + window + "]"),
                    400, "validation");
            assertThat(fields(p)).as(start).containsExactly("scope.windows[0].start");
        }
    }

    @Test
    void allowLargeScopeMustBeABoolean() {
        JsonNode p = refused(engagement("x", "\"10.0.0.0/8\"", ",\"allow_large_scope\":\"yes\""), 400, "validation");
        assertThat(fields(p)).containsExactly("allow_large_scope");
    }

    /** {@code n} distinct /32s, as JSON array items. */
    private static String cidrs(int n) {
        return IntStream.range(0, n).mapToObj(i -> "\"10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + "/32\"")
                .collect(Collectors.joining(","));
    }
}
