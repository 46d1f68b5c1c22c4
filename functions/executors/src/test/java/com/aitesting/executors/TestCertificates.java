package com.aitesting.executors;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made in the test: a CA, and leaves signed by it or by themselves, with chosen names and dates. */
final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    record Issued(X509Certificate certificate, PrivateKey key, X509Certificate[] chain) {}

    final KeyPair caKeys = keys();
    final X509Certificate ca;

    TestCertificates() {
        Instant now = Instant.now();
        ca = build(new X500Name("CN=ai-testing test CA"), caKeys, new X500Name("CN=ai-testing test CA"), caKeys.getPrivate(),
                now.minus(Duration.ofDays(1000)), now.plus(Duration.ofDays(1000)), null, true);
    }

    /** A leaf for {@code dnsName} signed by the CA, valid from/to the given instants. */
    Issued leaf(String dnsName, Instant notBefore, Instant notAfter) {
        KeyPair keys = keys();
        X509Certificate cert = build(new X500Name("CN=" + dnsName), keys, new X500Name("CN=ai-testing test CA"),
                caKeys.getPrivate(), notBefore, notAfter, dnsName, false);
        return new Issued(cert, keys.getPrivate(), new X509Certificate[] {cert, ca});
    }

    Issued valid(String dnsName) {
        Instant now = Instant.now();
        return leaf(dnsName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(200)));
    }

    Issued expired(String dnsName) {
        Instant now = Instant.now();
        return leaf(dnsName, now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(10)));
    }

    /** A leaf signed by the CA whose subject CN is {@code commonName} and whose SAN lists {@code dnsNames} (a hostile server's). */
    Issued named(String commonName, List<String> dnsNames) {
        KeyPair keys = keys();
        Instant now = Instant.now();
        X500Name subject = new org.bouncycastle.asn1.x500.X500NameBuilder()
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, commonName).build();
        X509Certificate cert = withNames(subject, keys, new X500Name("CN=ai-testing test CA"), caKeys.getPrivate(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(200)), dnsNames, false);
        return new Issued(cert, keys.getPrivate(), new X509Certificate[] {cert, ca});
    }

    static Issued selfSigned(String dnsName) {
        KeyPair keys = keys();
        Instant now = Instant.now();
        X509Certificate cert = build(new X500Name("CN=" + dnsName), keys, new X500Name("CN=" + dnsName), keys.getPrivate(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(200)), dnsName, false);
        return new Issued(cert, keys.getPrivate(), new X509Certificate[] {cert});
    }

    KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("test-ca", ca);
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
                                         Instant notBefore, Instant notAfter, String dnsName, boolean isCa) {
        return withNames(subject, subjectKeys, issuer, issuerKey, notBefore, notAfter, dnsName == null ? List.of() : List.of(dnsName), isCa);
    }

    private static X509Certificate withNames(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
                                             Instant notBefore, Instant notAfter, List<String> dnsNames, boolean isCa) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (isCa) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            if (!dnsNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, new org.bouncycastle.asn1.DERIA5String(n))).toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
