package com.aitesting.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.notification.DeliveryError;
import com.aitesting.core.notification.WebhookTransport.Attempt;
import com.aitesting.core.notification.WebhookUrl;
import com.aitesting.core.outbound.HostResolver;
import com.aitesting.core.outbound.OutboundPolicy;
import com.aitesting.core.outbound.OutboundRefusal;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport against a real TLS receiver on loopback (certificates made by the JDK's keytool for this test):
 * the connection goes to the address the test resolver answered, asked once, while the certificate is still
 * checked against the URL's host name; a receiver whose certificate names another host is not sent to.
 */
class HttpWebhookTransportIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Loopback receivers are allowed here: the TLS peer is on this machine. */
    private static final OutboundPolicy TESTS = OutboundPolicy.of(null, true, false);

    @TempDir
    static Path dir;
    /** One certificate for "localhost" (keytool is slow to start on a busy machine: made once). */
    private static KeyStore localhost;

    @org.junit.jupiter.api.BeforeAll
    static void certificate() throws Exception {
        localhost = keyStore("localhost");
    }

    @Test
    void connectsToTheResolvedAddressOnceAndVerifiesTheCertificateForTheName() throws Exception {
        KeyStore server = localhost;
        List<String> asked = new CopyOnWriteArrayList<>();
        HostResolver resolver = host -> {
            asked.add(host);
            return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        };
        AtomicInteger posts = new AtomicInteger();
        HttpsServer receiver = receiver(server, posts);
        try (HttpWebhookTransport transport = new HttpWebhookTransport(TIMEOUT, TIMEOUT, TESTS, resolver, trusting(server))) {
            Attempt attempt = transport.post(WebhookUrl.parse("https://localhost:" + receiver.getAddress().getPort()
                    + "/services/T/B/X"), Map.of("text", "hi"));

            assertThat(attempt).isEqualTo(new Attempt.Answered(200, java.util.Optional.empty()));
            assertThat(posts.get()).isEqualTo(1);
            assertThat(asked).as("one lookup, through the port").containsExactly("localhost");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aCertificateForAnotherNameIsATlsFailureAndNothingIsPosted() throws Exception {
        KeyStore server = localhost; // names localhost, while the URL names 127.0.0.1
        AtomicInteger posts = new AtomicInteger();
        HttpsServer receiver = receiver(server, posts);
        HostResolver resolver = host -> {
            throw new AssertionError("an IP-literal host is not looked up, was " + host);
        };
        try (HttpWebhookTransport transport = new HttpWebhookTransport(TIMEOUT, TIMEOUT, TESTS, resolver, trusting(server))) {
            Attempt attempt = transport.post(WebhookUrl.parse("https://127.0.0.1:" + receiver.getAddress().getPort() + "/x"),
                    Map.of("text", "hi"));

            assertThat(attempt).isEqualTo(new Attempt.NoAnswer(DeliveryError.TLS_FAILED));
            assertThat(posts.get()).isZero();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void anAllowedNameAnsweredWithLoopbackIsRefusedBeforeAnyConnection() throws Exception {
        // a webhook host is reached on 443 only, so the rebound address listens there (its own loopback address)
        byte[] rebound = {127, 0, 85, 1};
        HostResolver resolver = host -> List.of(InetAddress.getByAddress(host, rebound));
        AtomicInteger accepts = new AtomicInteger();
        try (java.net.ServerSocket listener = new java.net.ServerSocket(443, 50, InetAddress.getByAddress(rebound));
             HttpWebhookTransport transport = new HttpWebhookTransport(TIMEOUT, TIMEOUT, TESTS, resolver, trusting(localhost))) {
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try (java.net.Socket ignored = listener.accept()) {
                        accepts.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            Attempt attempt = transport.post(WebhookUrl.parse("https://hooks.slack.com/services/T/B/X"), Map.of("text", "hi"));

            assertThat(attempt).isEqualTo(new Attempt.Refused(OutboundRefusal.LOOPBACK_ADDRESS));
            assertThat(accepts.get()).as("connections made").isZero();
        }
    }

    @Test
    void aRedirectIsAnAnswerNotAnInvitationAndItsTargetIsNeverContacted() throws Exception {
        AtomicInteger elsewhere = new AtomicInteger();
        com.sun.net.httpserver.HttpServer target = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/", exchange -> {
            elsewhere.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        target.start();
        com.sun.net.httpserver.HttpServer redirecting = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirecting.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + target.getAddress().getPort() + "/latest/meta-data/");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        redirecting.start();
        HostResolver resolver = host -> {
            throw new AssertionError("no lookup for an IP-literal host, was " + host);
        };
        try (HttpWebhookTransport transport = new HttpWebhookTransport(TIMEOUT, TIMEOUT, TESTS, resolver, trusting(localhost))) {
            Attempt attempt = transport.post(WebhookUrl.parse("http://127.0.0.1:" + redirecting.getAddress().getPort() + "/hook"),
                    Map.of("text", "hi"));

            assertThat(attempt).isEqualTo(new Attempt.Answered(307, java.util.Optional.empty()));
            assertThat(elsewhere.get()).as("requests to the redirect's target").isZero();
        } finally {
            redirecting.stop(0);
            target.stop(0);
        }
    }

    /**
     * A receiver that answers with one endless header line: a failed post after a bounded read, and the same
     * transport still delivers to the next receiver (one tenant's receiver cannot take Slack from the others).
     * And one that answers 200, then breaks its body: delivered, once.
     */
    @Test
    void aHostileAnswerIsBoundedAndABrokenBodyAfter2xxIsStillDelivered() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (RawReceiver endless = new RawReceiver(out -> {
                 out.write("HTTP/1.1 200 OK\r\nX-Endless: ".getBytes(StandardCharsets.US_ASCII));
                 byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                 for (int i = 0; i < 16 * 1024; i++) { // up to 1 GiB, if the client kept reading
                     out.write(chunk);
                     sent.addAndGet(chunk.length);
                 }
             });
             RawReceiver broken = new RawReceiver(out -> {
                 out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nok".getBytes(StandardCharsets.US_ASCII));
                 out.flush();
             });
             HttpWebhookTransport transport = new HttpWebhookTransport(TIMEOUT, TIMEOUT, TESTS, host -> List.of(), trusting(localhost))) {

            Attempt refused = transport.post(WebhookUrl.parse("http://127.0.0.1:" + endless.port() + "/hook"), Map.of("text", "hi"));
            assertThat(refused).isEqualTo(new Attempt.NoAnswer(DeliveryError.CONNECTION_FAILED));
            assertThat(sent.get()).as("bytes the receiver got out before the client stopped reading").isLessThan(64L * 1024 * 1024);

            Attempt delivered = transport.post(WebhookUrl.parse("http://127.0.0.1:" + broken.port() + "/hook"), Map.of("text", "hi"));
            assertThat(delivered).isEqualTo(new Attempt.Answered(200, java.util.Optional.empty()));
            assertThat(broken.requests.get()).isEqualTo(1);
        }
    }

    /** Reads one request head and body (Content-Length), then writes whatever {@code answer} writes, and closes. */
    private static final class RawReceiver implements AutoCloseable {
        interface Answer {
            void write(java.io.OutputStream out) throws IOException;
        }

        private final java.net.ServerSocket socket;
        final AtomicInteger requests = new AtomicInteger();

        RawReceiver(Answer answer) throws IOException {
            socket = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (java.net.Socket client = socket.accept()) {
                        String head = readHead(client.getInputStream());
                        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
                        client.getInputStream().readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
                        requests.incrementAndGet();
                        answer.write(client.getOutputStream());
                    } catch (IOException e) {
                        // the client went away
                    }
                }
            });
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int b;
            while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
                head.append((char) b);
            }
            return head.toString();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static HttpsServer receiver(KeyStore keys, AtomicInteger posts) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
                posts.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
        return server;
    }

    /** A client TLS context that trusts exactly the receiver's self-signed certificate. */
    private static SSLContext trusting(KeyStore serverKeys) throws Exception {
        Certificate cert = serverKeys.getCertificate("receiver");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("receiver", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    /** A self-signed certificate for {@code dnsName}, made by the JDK's keytool. */
    private static KeyStore keyStore(String dnsName) throws Exception {
        Path file = dir.resolve(dnsName + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "receiver", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + dnsName, "-ext", "SAN=dns:" + dnsName, "-validity", "2",
                "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool: %s", out).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, "changeit".toCharArray());
        }
        return keys;
    }
}
