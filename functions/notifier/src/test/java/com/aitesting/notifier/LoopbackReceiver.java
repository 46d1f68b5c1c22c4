package com.aitesting.notifier;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP webhook receiver on 127.0.0.1 (an ephemeral port): records every request and answers from a
 * script per path (200 "ok" when the script is empty). Loopback only: the notifier never leaves the machine
 * in tests.
 */
final class LoopbackReceiver implements AutoCloseable {

    /** One scripted answer: a status, headers, and a delay before answering (to outlast a read timeout). */
    record Answer(int status, Map<String, String> headers, long delayMillis) {
        static Answer status(int status) {
            return new Answer(status, Map.of(), 0);
        }

        static Answer hang(long delayMillis) {
            return new Answer(200, Map.of(), delayMillis);
        }
    }

    record Received(String path, String contentType, String body, long atNanos) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-receiver");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Deque<Answer>> scripts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Received> received = new ArrayList<>();

    LoopbackReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            synchronized (received) {
                received.add(new Received(path, exchange.getRequestHeaders().getFirst("Content-Type"), body, System.nanoTime()));
            }
            Answer answer;
            synchronized (scripts) {
                Deque<Answer> script = scripts.get(path);
                answer = script == null || script.isEmpty() ? Answer.status(200) : script.poll();
            }
            try {
                if (answer.delayMillis() > 0) {
                    Thread.sleep(answer.delayMillis());
                }
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                byte[] reply = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), reply.length);
                exchange.getResponseBody().write(reply);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up (read timeout) and closed the connection: nothing to answer
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The URL of {@code path} on this receiver, e.g. http://127.0.0.1:41234/default */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void script(String path, Answer... answers) {
        synchronized (scripts) {
            scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(answers));
        }
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    List<Received> received(String path) {
        return received().stream().filter(r -> r.path().equals(path)).toList();
    }

    void reset() {
        synchronized (received) {
            received.clear();
        }
        synchronized (scripts) {
            scripts.clear();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
