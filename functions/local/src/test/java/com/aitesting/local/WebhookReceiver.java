package com.aitesting.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real Slack-like webhook on 127.0.0.1 (ephemeral port): records every body, answers with a settable status. */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One POST: its status answered, its body, and the path it was posted to. */
    record Received(int answered, JsonNode body, String path) {
        String text() {
            return body.path("text").asText();
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/hook", exchange -> {
            int answer = status;
            try (exchange) {
                received.add(new Received(answer, JSON.readTree(exchange.getRequestBody().readAllBytes()),
                        exchange.getRequestURI().getPath()));
                byte[] reply = (answer == 200 ? "ok" : "server_error").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer, reply.length);
                exchange.getResponseBody().write(reply);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** A URL under this receiver's /hook, e.g. a tenant's own webhook with a secret path. */
    String url(String pathUnderHook) {
        return url() + pathUnderHook;
    }

    void answer(int status) {
        this.status = status;
    }

    /** The messages that name the run (its id is in every message's text and link). */
    List<Received> about(String runId) {
        return received.stream().filter(r -> r.text().contains(runId)).toList();
    }

    List<Received> awaitAbout(String runId, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (about(runId).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " messages about run " + runId + ", got " + about(runId));
            }
            LocalApi.pause(Duration.ofMillis(20));
        }
        return about(runId);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
