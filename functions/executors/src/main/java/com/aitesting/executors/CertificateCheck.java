package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.Severity;
import com.aitesting.executors.net.Connection;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.TlsHandshake;
import com.aitesting.executors.net.TlsOffer;
import java.io.IOException;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tls.certificate_check: one handshake per TLS endpoint (SNI = the in-scope name, if any) and the chain the
 * server sent judged offline: validity dates, trust (to the configured anchors, at a date inside the leaf's
 * validity so an expired certificate is not also reported untrusted), self-signed, host name, key size and
 * signature algorithm. No revocation lookups (they would leave the scope).
 */
final class CertificateCheck implements TestExecutor {
    static final Duration EXPIRES_SOON = Duration.ofDays(30);

    @Override
    public String testId() {
        return Rules.TLS_CERTIFICATE;
    }

    @Override
    public String workStep() {
        return "fetch_chains";
    }

    /** A candidate port: is it TLS, then the handshake whose chain is judged. */
    @Override
    public ItemCost itemCost(ExecutorSettings settings) {
        return ItemCost.of(Endpoints.TLS_PROBES + 1, settings.handshakeProbe());
    }

    @Override
    public ChunkOutcome run(StepContext context) {
        ChainJudge judge = new ChainJudge(context.settings().trustAnchors().orElse(null));
        return context.each(Endpoints.tlsCandidates(context), itemCost(context.settings()), "candidate TLS ports",
                candidate -> Endpoints.tls(context, candidate).ifPresent(endpoint -> {
                    context.count("endpoints", 1);
                    check(context, judge, endpoint);
                }));
    }

    private void check(StepContext context, ChainJudge judge, Endpoint endpoint) {
        NetworkGuard.Opened opened = context.guard().open(endpoint.target(), endpoint.port(), context.settings().connectTimeout(),
                context.settings().handshakeLifetime());
        if (opened.state() != PortState.OPEN) {
            context.count("endpoints_failed", 1);
            return;
        }
        TlsHandshake handshake;
        try (Connection connection = opened.connection()) {
            connection.readTimeout(context.settings().ioTimeout());
            handshake = connection.startTls(TlsOffer.defaults(endpoint.target().host()));
        } catch (IOException e) {
            context.count("endpoints_failed", 1);
            return;
        }
        if (handshake.chain().isEmpty()) {
            context.count("endpoints_failed", 1);
            return;
        }
        X509Certificate leaf = handshake.chain().getFirst();
        Instant now = context.clock().instant();
        Map<String, Object> evidence = evidence(handshake, leaf);
        FindingTarget target = new FindingTarget(endpoint.target().host(), endpoint.target().addressText(), endpoint.port(), null);
        String where = endpoint.authority();
        Instant notAfter = leaf.getNotAfter().toInstant();
        Instant notBefore = leaf.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            context.finding("tls.certificate.expired", Severity.HIGH, "Expired TLS certificate on " + where,
                    "The certificate expired on " + notAfter + ".", target, evidence);
        } else if (now.isBefore(notBefore)) {
            context.finding("tls.certificate.not_yet_valid", Severity.HIGH, "TLS certificate not yet valid on " + where,
                    "The certificate is valid only from " + notBefore + ".", target, evidence);
        } else if (now.plus(EXPIRES_SOON).isAfter(notAfter)) {
            context.finding("tls.certificate.expires_soon", Severity.LOW, "TLS certificate expires soon on " + where,
                    "The certificate expires on " + notAfter + ", within " + EXPIRES_SOON.toDays() + " days.", target, evidence);
        }
        if (ChainJudge.selfSigned(handshake.chain())) {
            context.finding("tls.certificate.self_signed", Severity.MEDIUM, "Self-signed TLS certificate on " + where,
                    "The server presents a self-signed certificate, which clients cannot verify.", target, evidence);
        } else if (!judge.trusted(handshake.chain(), now.isAfter(notAfter) || now.isBefore(notBefore) ? ChainJudge.validInstant(handshake.chain()) : now)) {
            context.finding("tls.certificate.untrusted", Severity.MEDIUM, "Untrusted TLS certificate chain on " + where,
                    "The chain does not lead to a trusted certificate authority.", target, evidence);
        }
        String host = endpoint.target().host();
        if (host != null && !HostnameMatch.matches(leaf, host)) {
            context.finding("tls.certificate.hostname_mismatch", Severity.MEDIUM, "TLS certificate does not match " + host,
                    "The certificate is not valid for the name the server was reached by.", target, evidence);
        }
        int bits = ChainJudge.keyBits(leaf);
        String algorithm = leaf.getPublicKey().getAlgorithm();
        if ((algorithm.equals("RSA") || algorithm.equals("DSA")) && bits < 2048 || algorithm.equals("EC") && bits < 256) {
            context.finding("tls.certificate.weak_key", Severity.MEDIUM, "Weak TLS certificate key on " + where,
                    "The certificate's " + algorithm + " key has " + bits + " bits.", target, evidence);
        }
        String signature = leaf.getSigAlgName().toUpperCase(java.util.Locale.ROOT);
        if (signature.contains("MD5") || signature.contains("SHA1")) {
            context.finding("tls.certificate.weak_signature", Severity.MEDIUM, "Weak TLS certificate signature on " + where,
                    "The certificate is signed with " + leaf.getSigAlgName() + ".", target, evidence);
        }
    }

    private static Map<String, Object> evidence(TlsHandshake handshake, X509Certificate leaf) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("subject", leaf.getSubjectX500Principal().getName());
        evidence.put("issuer", leaf.getIssuerX500Principal().getName());
        evidence.put("not_before", leaf.getNotBefore().toInstant().toString());
        evidence.put("not_after", leaf.getNotAfter().toInstant().toString());
        evidence.put("subject_alt_names", HostnameMatch.names(leaf));
        evidence.put("key_algorithm", leaf.getPublicKey().getAlgorithm());
        evidence.put("key_bits", ChainJudge.keyBits(leaf));
        evidence.put("signature_algorithm", leaf.getSigAlgName());
        evidence.put("chain_length", handshake.chain().size());
        evidence.put("protocol", handshake.protocol());
        evidence.put("cipher_suite", handshake.cipherSuite());
        return evidence;
    }

}
