package com.aitesting.executors;

import com.aitesting.core.finding.NewFinding;
import java.util.ArrayList;
import java.util.List;

/**
 * Sites whose only page redirects: one loopback HTTP server per Location, answering GET with a 302 there (and
 * anything else 405), each under a name of its own in {@code dns}, with the open port a scan would have reported.
 */
record Redirectors(List<HttpServerStub> servers, List<String> names, List<NewFinding> open) implements AutoCloseable {

    /** Server {@code i} listens on {@code addressPrefix + (firstHost + i)}, named {@code nameFormat} with {@code i}. */
    static Redirectors serve(DnsResponder dns, String addressPrefix, int firstHost, String nameFormat, List<String> locations) {
        Redirectors sites = new Redirectors(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try {
            for (int i = 0; i < locations.size(); i++) {
                String location = locations.get(i);
                String address = addressPrefix + (firstHost + i);
                String name = nameFormat.formatted(i);
                HttpServerStub server = new HttpServerStub(address, head -> head.startsWith("GET")
                        ? HttpServerStub.response(302, "Location: " + location + "\r\n", "")
                        : HttpServerStub.response(405, "", ""));
                sites.servers.add(server);
                dns.a(name, address);
                sites.names.add(name);
                sites.open.add(TlsChecksTest.open(name, address, server.port()));
            }
            return sites;
        } catch (RuntimeException e) {
            sites.close();
            throw e;
        }
    }

    @Override
    public void close() {
        servers.forEach(HttpServerStub::close);
    }
}
