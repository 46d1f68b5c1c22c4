package com.aitesting.bench.stream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Many HTTP/1.1 connections held open by ONE selector thread (no thread per stream, so the client stays
 * far lighter than the server it measures). Each sends one GET and then only reads: the status line, and
 * for SSE the {@code id: <seq>} lines (the time the last one arrived). Only line starts are kept, so a
 * connection costs a socket and a few dozen bytes here. Closing sends RST (SO_LINGER 0): no TIME_WAIT
 * piles up on loopback between ramps.
 */
final class IdleConnections implements AutoCloseable {
    private static final int KEEP = 32; // bytes of each line kept: enough for "HTTP/1.1 200" and "id: <seq>"

    /** One connection; its volatile fields are written by the selector thread and read by the bench. */
    static final class Conn {
        final int group;
        volatile int status; // 0 until the status line arrives, -1 when it could not connect or send
        volatile boolean closed;
        volatile long lastSeq = -1;
        volatile long lastSeqAt;
        volatile String failure;
        private final ByteBuffer request;
        private final byte[] line = new byte[KEEP];
        private int lineLength;
        private boolean truncated;
        private SocketChannel channel;

        private Conn(int group, byte[] request) {
            this.group = group;
            this.request = ByteBuffer.wrap(request);
        }

        boolean failed() {
            return status < 0 || (status != 0 && status != 200) || closed;
        }
    }

    private final Selector selector;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer in = ByteBuffer.allocateDirect(1 << 16);
    private final List<Conn> all = new ArrayList<>();
    private volatile boolean closing;

    IdleConnections() throws IOException {
        selector = Selector.open();
        loop = Thread.ofPlatform().name("idle-connections").daemon().start(this::run);
    }

    /** Starts {@code count} connections that each send {@code request}; they show up in {@link #connections}. */
    synchronized List<Conn> open(InetSocketAddress server, byte[] request, int count, java.util.function.IntUnaryOperator groupOf) {
        List<Conn> opened = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Conn c = new Conn(groupOf.applyAsInt(all.size()), request);
            all.add(c);
            opened.add(c);
        }
        tasks.add(() -> opened.forEach(c -> connect(c, server)));
        selector.wakeup();
        return opened;
    }

    synchronized List<Conn> connections() {
        return List.copyOf(all);
    }

    /** Closes every connection (RST) and forgets them. */
    synchronized void closeAll() throws InterruptedException {
        List<Conn> toClose = List.copyOf(all);
        all.clear();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        tasks.add(() -> {
            toClose.forEach(IdleConnections::closeQuietly);
            done.countDown();
        });
        selector.wakeup();
        done.await();
    }

    private void connect(Conn c, InetSocketAddress server) {
        try {
            SocketChannel ch = SocketChannel.open();
            c.channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (ch.connect(server)) {
                ch.register(selector, SelectionKey.OP_WRITE, c);
            } else {
                ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            fail(c, e);
        }
    }

    private void run() {
        while (!closing) {
            try {
                selector.select(100);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn c = (Conn) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            c.channel.finishConnect();
                            key.interestOps(SelectionKey.OP_WRITE);
                        }
                        if (key.isValid() && key.isWritable()) {
                            c.channel.write(c.request);
                            if (!c.request.hasRemaining()) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        }
                        if (key.isValid() && key.isReadable()) {
                            read(c);
                        }
                    } catch (IOException e) {
                        fail(c, e);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    System.err.println("idle-connections loop: " + e);
                }
            }
        }
    }

    private void read(Conn c) throws IOException {
        while (true) {
            in.clear();
            int n = c.channel.read(in);
            if (n < 0) {
                c.closed = true;
                closeQuietly(c);
                return;
            }
            if (n == 0) {
                return;
            }
            in.flip();
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    line(c);
                    c.lineLength = 0;
                    c.truncated = false;
                } else if (c.lineLength < KEEP) {
                    c.line[c.lineLength++] = b;
                } else {
                    c.truncated = true;
                }
            }
        }
    }

    private static void line(Conn c) {
        int len = c.lineLength;
        if (len > 0 && c.line[len - 1] == '\r') {
            len--;
        }
        if (c.status == 0 && len >= 12 && startsWith(c.line, "HTTP/1.1 ")) {
            c.status = Integer.parseInt(new String(c.line, 9, 3, StandardCharsets.US_ASCII));
        } else if (!c.truncated && len > 4 && startsWith(c.line, "id: ")) {
            long seq = Long.parseLong(new String(c.line, 4, len - 4, StandardCharsets.US_ASCII));
            c.lastSeqAt = System.nanoTime();
            c.lastSeq = seq;
        }
    }

    private static boolean startsWith(byte[] line, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void fail(Conn c, IOException e) {
        if (c.status == 0) {
            c.status = -1;
        }
        c.failure = e.toString();
        c.closed = true;
        closeQuietly(c);
    }

    private static void closeQuietly(Conn c) {
        try {
            if (c.channel != null) {
                c.channel.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws Exception {
        closeAll();
        closing = true;
        selector.wakeup();
        loop.join(2000);
        selector.close();
    }
}
