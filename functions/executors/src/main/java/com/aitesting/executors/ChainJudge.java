package com.aitesting.executors;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import com.aitesting.executors.net.TlsCapabilities;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Judges a chain offline: PKIX to the trust anchors at a chosen date, no revocation checks, no fetching. */
final class ChainJudge {
    private final KeyStore anchors;

    /** {@code anchors} null means the JDK's CA certificates. */
    ChainJudge(KeyStore anchors) {
        this.anchors = anchors == null ? TlsCapabilities.jdkTrustAnchors() : anchors;
    }

    boolean trusted(List<X509Certificate> chain, Instant at) {
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A moment at which every certificate of the chain is within its dates (the latest notBefore), so an
     * expired chain is judged on trust alone; an out-of-date chain is not also called untrusted.
     */
    static Instant validInstant(List<X509Certificate> chain) {
        return chain.stream().map(c -> c.getNotBefore().toInstant()).max(Instant::compareTo).orElseThrow().plusSeconds(1);
    }

    /** A one-certificate chain whose certificate is its own issuer and verifies with its own key. */
    static boolean selfSigned(List<X509Certificate> chain) {
        X509Certificate leaf = chain.getFirst();
        if (!leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
            return false;
        }
        try {
            leaf.verify(leaf.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static int keyBits(X509Certificate certificate) {
        PublicKey key = certificate.getPublicKey();
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getOrder().bitLength();
        }
        if (key instanceof DSAPublicKey dsa) {
            return dsa.getParams().getP().bitLength();
        }
        return key.getEncoded().length * 8;
    }
}
