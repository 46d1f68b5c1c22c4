package com.aitesting.bench.stream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The loopback clients of one measurement: plain non-blocking sockets on {@link #LOOPS} selector threads
 * (no thread per connection, and not the JDK HttpClient, whose ONE selector thread per client serialized
 * the decoding of all 1,000 streams and so measured itself; see docs/benchmarks.md), each connection
 * speaking its own {@link Protocol} (a WebSocket or an SSE stream). Source addresses are spread over
 * 127.0.0.10, .11, ... at most {@link #PER_ADDRESS} connections each, so that many loopback connections
 * (and the TIME_WAIT they leave behind) never run short of ephemeral ports. Closing closes every connection.
 */
final class LoopbackClients implements AutoCloseable {
    static final int PER_ADDRESS = 4000;
    private static final int LOOPS = 2;
    private static final int FIRST_BUFFER = 2048; // grows when a frame does not fit

    /**
     * One connection's protocol. Every method runs on its loop's thread only, one call at a time.
     * {@code now} is {@code System.nanoTime()} right after the read that brought the bytes.
     */
    abstract static class Protocol {
        private SocketChannel channel;
        private SelectionKey key;
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private ByteBuffer in = ByteBuffer.allocate(FIRST_BUFFER);
        private boolean closed;

        /** The bytes sent once connected (the HTTP request). */
        abstract byte[] request();

        /** Consumes what is complete in {@code in} (flipped); what it leaves is kept for the next read. */
        abstract void received(ByteBuffer in, long now) throws IOException;

        /** The server closed the connection. */
        abstract void endOfStream();

        /** The connection failed (could not connect, a read or write failed, or the protocol was broken). */
        abstract void failed(String why);

        /** Sends {@code bytes} after whatever is still queued. */
        final void send(byte[] bytes) throws IOException {
            out.add(ByteBuffer.wrap(bytes));
            flush();
        }

        /** Closes the connection; no more calls follow. */
        final void close() {
            if (!closed) {
                closed = true;
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        private void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer head = out.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    key.interestOpsOr(SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        private void read() throws IOException {
            while (!closed) {
                int n = channel.read(in);
                if (n < 0) {
                    close();
                    endOfStream();
                    return;
                }
                if (n == 0) {
                    return;
                }
                boolean full = !in.hasRemaining();
                long now = System.nanoTime();
                in.flip();
                received(in, now);
                if (closed) {
                    return;
                }
                if (in.position() == 0 && in.limit() == in.capacity()) {
                    in = ByteBuffer.allocate(in.capacity() * 2).put(in); // one frame larger than the buffer
                } else {
                    in.compact();
                }
                if (!full) {
                    return; // the socket had no more: back to select instead of a read that returns 0
                }
            }
        }
    }

    private final List<Loop> loops = new ArrayList<>();
    private final InetSocketAddress server;

    LoopbackClients(InetSocketAddress server) throws IOException {
        this.server = server;
        for (int k = 0; k < LOOPS; k++) {
            loops.add(new Loop(k));
        }
    }

    /** Opens connection {@code i} (its source address follows from {@code i}) speaking {@code protocol}. */
    void open(int i, Protocol protocol) {
        InetSocketAddress source;
        try {
            source = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (10 + i / PER_ADDRESS)}), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // a literal address: never looked up
        }
        Loop loop = loops.get(i % LOOPS);
        loop.submit(() -> connect(protocol, source, loop.selector));
    }

    private void connect(Protocol p, InetSocketAddress source, Selector selector) {
        try {
            p.channel = SocketChannel.open();
            p.channel.configureBlocking(false);
            p.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            p.channel.bind(source);
            p.out.add(ByteBuffer.wrap(p.request()));
            if (p.channel.connect(server)) {
                p.key = p.channel.register(selector, SelectionKey.OP_WRITE, p);
            } else {
                p.key = p.channel.register(selector, SelectionKey.OP_CONNECT, p);
            }
        } catch (IOException e) {
            fail(p, "connect: " + e);
        }
    }

    private static void fail(Protocol p, String why) {
        if (!p.closed) {
            if (p.channel != null) {
                p.close();
            }
            p.closed = true;
            p.failed(why);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Loop loop : loops) {
            loop.stop();
        }
    }

    /** One selector thread and the connections on it. */
    private static final class Loop {
        final Selector selector;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final Thread thread;
        private volatile boolean stopping;

        Loop(int index) throws IOException {
            selector = Selector.open();
            thread = Thread.ofPlatform().daemon().name("loopback-client-" + index).start(this::run);
        }

        void submit(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        void stop() throws InterruptedException {
            stopping = true;
            selector.wakeup();
            thread.join(5000);
        }

        private void run() {
            try {
                while (!stopping) {
                    selector.select(100);
                    for (Runnable task; (task = tasks.poll()) != null; ) {
                        task.run();
                    }
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        handle(key, (Protocol) key.attachment());
                    }
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("loopback client loop: " + e);
            } finally {
                for (SelectionKey key : selector.keys()) {
                    ((Protocol) key.attachment()).close();
                }
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        private static void handle(SelectionKey key, Protocol p) {
            try {
                if (!key.isValid()) {
                    return;
                }
                if (key.isConnectable()) {
                    p.channel.finishConnect();
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    p.flush();
                }
                if (key.isValid() && key.isReadable()) {
                    p.read();
                }
            } catch (IOException | RuntimeException e) {
                fail(p, e.toString());
            }
        }
    }
}
