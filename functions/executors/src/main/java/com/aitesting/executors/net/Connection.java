package com.aitesting.executors.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * An open TCP connection the guard made to a checked address. Executors talk through its streams and may
 * upgrade it to TLS; they never see the socket.
 */
public final class Connection implements AutoCloseable {
    private final Target target;
    private final int port;
    private final Runnable onClose;
    private Socket socket;

    Connection(Target target, int port, Socket socket, Runnable onClose) {
        this.target = target;
        this.port = port;
        this.socket = socket;
        this.onClose = onClose;
    }

    public Target target() {
        return target;
    }

    public int port() {
        return port;
    }

    public InputStream in() throws IOException {
        return socket.getInputStream();
    }

    public OutputStream out() throws IOException {
        return socket.getOutputStream();
    }

    /** Bounds every read from now on. */
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    }

    /**
     * Runs a TLS handshake over this connection with {@code offer}; afterwards the streams are the TLS ones.
     * Throws when the server refuses the offer or the connection fails: {@link #refusedByPeer} tells which.
     */
    public TlsHandshake startTls(TlsOffer offer) throws IOException {
        SSLSocket tls = (SSLSocket) TlsSupport.CONTEXT.getSocketFactory()
                .createSocket(socket, offer.serverName() == null ? target.addressText() : offer.serverName(), port, true);
        var parameters = tls.getSSLParameters();
        if (offer.serverName() == null) {
            parameters.setServerNames(List.of());
        } else {
            parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(offer.serverName())));
        }
        if (!offer.protocols().isEmpty()) {
            parameters.setProtocols(offer.protocols().toArray(String[]::new));
        }
        if (!offer.cipherSuites().isEmpty()) {
            parameters.setCipherSuites(offer.cipherSuites().toArray(String[]::new));
        }
        tls.setSSLParameters(parameters);
        socket = tls;
        tls.startHandshake();
        SSLSession session = tls.getSession();
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : session.getPeerCertificates()) {
            if (certificate instanceof X509Certificate x509) {
                chain.add(x509);
            }
        }
        return new TlsHandshake(session.getProtocol(), session.getCipherSuite(), chain);
    }

    /**
     * Whether a failed {@link #startTls} is the server's refusal on the wire: a TLS alert, or an answer the
     * client rejects (another version, a suite it did not offer, a reply that is no TLS). A transport failure
     * (reset, timeout, end of stream, the connection closed at its lifetime) is no answer to the offer, even
     * when JSSE wraps it in an SSLException: it proves nothing about what the server accepts.
     */
    public static boolean refusedByPeer(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException && !(cause instanceof SSLException)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a probe connection has nothing left to report
        } finally {
            onClose.run();
        }
    }
}
