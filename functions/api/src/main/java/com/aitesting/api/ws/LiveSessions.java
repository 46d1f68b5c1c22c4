package com.aitesting.api.ws;

import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open WebSocket connections of this process by connection id. The embedded default keeps this
 * registry in memory, not in DynamoDB: the process that holds the sockets is the only one that can
 * write to them, so a shared store would add a network hop and a dependency and answer nothing new
 * (docs/websocket.md). Ids are random and unguessable, like API Gateway's: knowing one is what lets the
 * management API ({@link ConnectionsController}) write to that connection.
 */
@Singleton
public final class LiveSessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One open connection: its socket, its protocol state and what GET /@connections/{id} reports. */
    public record Entry(String id, WebSocketSession session, LiveConnection connection, Instant connectedAt,
                        String sourceIp, String userAgent) {}

    private final Map<String, Entry> open = new ConcurrentHashMap<>();
    private final Map<String, Entry> bySession = new ConcurrentHashMap<>(); // by the framework's session id
    private final Map<String, Instant> lastActive = new ConcurrentHashMap<>();

    /** A fresh id in API Gateway's shape (16 URL-safe characters, 96 random bits). */
    public static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void add(String sessionId, Entry entry) {
        bySession.put(sessionId, entry);
        open.put(entry.id(), entry);
        lastActive.put(entry.id(), entry.connectedAt());
    }

    void touch(String id) {
        lastActive.computeIfPresent(id, (k, v) -> Instant.now());
    }

    Optional<Entry> ofSession(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }

    /** The socket closed: forget it (its id is then gone, as on API Gateway). */
    Optional<Entry> removeSession(String sessionId) {
        Entry entry = bySession.remove(sessionId);
        if (entry != null) {
            open.remove(entry.id());
            lastActive.remove(entry.id());
        }
        return Optional.ofNullable(entry);
    }

    public Optional<Entry> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(open.get(id)).filter(e -> e.session().isOpen());
    }

    public Instant lastActiveAt(Entry entry) {
        return lastActive.getOrDefault(entry.id(), entry.connectedAt());
    }

    /** The open connections (e.g. for tests and diagnostics). */
    public java.util.List<Entry> entries() {
        return java.util.List.copyOf(open.values());
    }

    public int size() {
        return open.size();
    }
}
