package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Test helpers: ASL fixtures, JSON, and waiting for an asynchronous outcome. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path RUN_DEFINITION = Path.of("../../statemachines/run.asl.json");

    private Fixtures() {
    }

    static String asl(String name) {
        return read(Path.of("src/test/resources/asl", name));
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (polling every 10 ms) until the condition holds; fails after the timeout. */
    static void eventually(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static ExecutionDescription awaitEnd(LocalStepFunctions engine, String executionArn) {
        eventually(Duration.ofSeconds(15), executionArn + " to end",
                () -> engine.describeExecution(executionArn).status() != ExecutionStatus.RUNNING);
        return engine.describeExecution(executionArn);
    }
}
