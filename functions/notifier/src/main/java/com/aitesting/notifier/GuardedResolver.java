package com.aitesting.notifier;

import com.aitesting.core.outbound.HostResolver;
import com.aitesting.core.outbound.IpLiteral;
import com.aitesting.core.outbound.OutboundPolicy;
import com.aitesting.core.outbound.OutboundRefusal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only way to turn a host into addresses: resolves once through the {@link HostResolver}
 * port, checks every answer against the {@link OutboundPolicy}, and hands the client exactly those addresses
 * to connect to. TLS still uses the host name (SNI, certificate check), so pinning the address costs no
 * verification. An IP-literal host is read without any lookup.
 */
final class GuardedResolver implements DnsResolver {
    private final HostResolver resolver;
    private final OutboundPolicy policy;

    GuardedResolver(HostResolver resolver, OutboundPolicy policy) {
        this.resolver = resolver;
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Optional<InetAddress> literal = IpLiteral.parse(host);
        List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : resolver.resolve(host);
        Optional<OutboundRefusal> refused = policy.checkAddresses(host, addresses);
        if (refused.isPresent()) {
            throw new RefusedAddressException(refused.get());
        }
        return addresses.toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host; // never asked for a canonical name: no reverse lookup, no second query
    }

    /** The connection was not made because of where the name pointed. Carries only the reason. */
    static final class RefusedAddressException extends UnknownHostException {
        private final transient OutboundRefusal refusal;

        RefusedAddressException(OutboundRefusal refusal) {
            super(refusal.code());
            this.refusal = refusal;
        }

        OutboundRefusal refusal() {
            return refusal;
        }
    }
}
