package com.aitesting.sfnlocal;

import java.util.concurrent.CompletableFuture;

/** A cancellation signal shared by a branch and everything it started; cancelling a scope cancels its children. */
final class Scope {
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();

    Scope child() {
        Scope child = new Scope();
        cancelled.thenRun(child::cancel);
        return child;
    }

    void cancel() {
        cancelled.complete(null);
    }

    boolean isCancelled() {
        return cancelled.isDone();
    }

    CompletableFuture<Void> signal() {
        return cancelled;
    }

    void throwIfCancelled() {
        if (isCancelled()) {
            throw new Cancelled("scope cancelled");
        }
    }
}
