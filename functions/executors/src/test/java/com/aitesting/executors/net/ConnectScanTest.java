package com.aitesting.executors.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/** How the scan's non-blocking connects read what the wire said, against real sockets on loopback. */
class ConnectScanTest {
    @Test
    void aPortThatAcceptsThenResetsBeforeTheScanAsksIsOpenAndARefusedOneIsClosed() throws Exception {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 81, 1});
        try (ServerSocket resetting = new ServerSocket(0, 50, loopback)) {
            Thread.ofVirtual().start(() -> {
                try (Socket accepted = resetting.accept()) {
                    accepted.setSoLinger(true, 0); // close with RST, as a tcpwrapped service does
                } catch (IOException ignored) {
                    // the test ended
                }
            });
            try (SocketChannel probe = SocketChannel.open()) {
                probe.configureBlocking(false);
                probe.connect(new InetSocketAddress(loopback, resetting.getLocalPort()));
                Thread.sleep(300); // the handshake and then the reset reach the probe before it asks
                IOException seen = null;
                try {
                    probe.finishConnect();
                } catch (IOException e) {
                    seen = e;
                }
                assertThat(seen).as("the reset is what finishConnect reports").isNotNull();
                assertThat(ConnectScan.failure(seen)).isEqualTo(PortState.OPEN);
            }
        }
        int freePort;
        try (ServerSocket free = new ServerSocket(0, 1, loopback)) {
            freePort = free.getLocalPort();
        }
        try (SocketChannel probe = SocketChannel.open()) {
            probe.configureBlocking(false);
            probe.connect(new InetSocketAddress(loopback, freePort));
            IOException seen = null;
            try {
                while (!probe.finishConnect()) {
                    Thread.sleep(10);
                }
            } catch (IOException e) {
                seen = e;
            }
            assertThat(seen).as("nothing listens").isNotNull();
            assertThat(ConnectScan.failure(seen)).isEqualTo(PortState.CLOSED);
        }
    }
}
