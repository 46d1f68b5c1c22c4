package com.aitesting.sfnlocal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The tokens of parked tasks that can still be answered. A token is registered by the commit that first
 * persists it (before its function runs, so a function that answers its own token is never lost) and
 * removed by the commit after which it no longer waits. Exactly one party claims a token: an answer,
 * a timeout or an invocation failure.
 */
final class TaskTokens {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{64}");
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    /** A parked task: its execution and wait, a future completed once its answer is committed, a heartbeat signal. */
    static final class Pending {
        final LiveExecution execution;
        final TokenWait wait;
        final CompletableFuture<Void> answered = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final AtomicReference<CompletableFuture<Void>> heartbeat = new AtomicReference<>(new CompletableFuture<>());

        Pending(LiveExecution execution, TokenWait wait) {
            this.execution = execution;
            this.wait = wait;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        boolean isClaimed() {
            return claimed.get();
        }

        CompletableFuture<Void> heartbeat() {
            return heartbeat.get();
        }

        void beat() {
            heartbeat.getAndSet(new CompletableFuture<>()).complete(null);
        }
    }

    String newToken() {
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean wellFormed(String token) {
        return token != null && FORMAT.matcher(token).matches();
    }

    void register(LiveExecution execution, TokenWait wait) {
        pending.put(wait.token, new Pending(execution, wait));
    }

    void unregister(String token) {
        pending.remove(token);
    }

    Pending pending(String token) {
        return pending.get(token);
    }
}
