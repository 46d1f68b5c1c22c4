package com.aitesting.executors;

import com.aitesting.executors.net.Connection;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.TlsOffer;
import java.io.IOException;
import java.util.Map;

/** One request to an endpoint through the guard: connect, TLS when the endpoint has it, send, read. */
final class Http {
    private Http() {}

    /** The response, or null when the port did not open. Throws when the peer does not speak (HTTP over) TLS. */
    static HttpExchange.Response exchange(StepContext context, Endpoint endpoint, String method, String path,
                                          Map<String, String> headers) throws IOException {
        NetworkGuard.Opened opened = context.guard().open(endpoint.target(), endpoint.port(), context.settings().connectTimeout(),
                context.settings().exchangeLifetime());
        if (opened.state() != PortState.OPEN) {
            return null;
        }
        try (Connection connection = opened.connection()) {
            connection.readTimeout(context.settings().ioTimeout());
            if (endpoint.tls()) {
                connection.startTls(TlsOffer.defaults(endpoint.target().host()));
            }
            return HttpExchange.send(connection, method, endpoint.authority(), path, headers);
        }
    }
}
