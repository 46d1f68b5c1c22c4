package com.aitesting.api.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Validates a SARIF log with Microsoft's SARIF Multitool ({@code sarif-multitool validate}: the SARIF 2.1.0 JSON
 * schema plus the spec's rules), installed from the project's own tools/sarif/package-lock.json with {@code npm ci}
 * when missing. The tool exits 0 even when the log is invalid, so its {@code ": error "} lines are what counts.
 * Anything that stops the validation from running (no npm, no registry) fails the test with what is missing.
 */
public final class SarifValidator {
    private static final Path TOOLS = repositoryRoot().resolve("tools/sarif");
    private static final Path BINARY = TOOLS.resolve("node_modules/.bin/sarif-multitool");

    /** The tool's output for {@code sarif}; its error lines are in {@link Report#errors()}. */
    public record Report(List<String> errors, List<String> warnings, String output) {}

    public static synchronized Report validate(String sarif) {
        installIfMissing();
        try {
            Path file = Files.createTempFile("ai-testing-", ".sarif");
            try {
                Files.writeString(file, sarif, StandardCharsets.UTF_8);
                String output = run(List.of(BINARY.toString(), "validate", file.toString()), TOOLS, 120);
                List<String> errors = new ArrayList<>();
                List<String> warnings = new ArrayList<>();
                for (String line : output.split("\n")) {
                    if (line.contains(": error ")) {
                        errors.add(line.strip());
                    } else if (line.contains(": warning ")) {
                        warnings.add(line.strip());
                    }
                }
                if (!output.contains("1 files scanned")) {
                    throw new AssertionError("sarif-multitool did not validate the log; its output:\n" + output);
                }
                return new Report(errors, warnings, output);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot write the SARIF log for validation: " + e.getMessage(), e);
        }
    }

    private static void installIfMissing() {
        Path lock = TOOLS.resolve("package-lock.json");
        Path installed = TOOLS.resolve("node_modules/.package-lock.json");
        try {
            FileTime lockTime = Files.getLastModifiedTime(lock);
            if (Files.isExecutable(BINARY) && Files.exists(installed) && Files.getLastModifiedTime(installed).compareTo(lockTime) >= 0) {
                return;
            }
        } catch (IOException e) {
            throw new AssertionError("tools/sarif/package-lock.json is missing: cannot install the SARIF validator", e);
        }
        String output;
        try {
            output = run(List.of("npm", "ci", "--no-audit", "--no-fund"), TOOLS, 300);
        } catch (IOException e) {
            throw new AssertionError("SARIF validation needs npm (Node.js >= 18) to install @microsoft/sarif-multitool from"
                    + " tools/sarif; npm could not be started: " + e.getMessage(), e);
        }
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("npm ci in tools/sarif did not install an executable sarif-multitool "
                    + "(is the npm registry reachable?); npm said:\n" + output);
        }
    }

    private static String run(List<String> command, Path directory, int timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** The worktree root: the nearest ancestor of the working directory that holds tools/sarif. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/sarif/package.json"))) {
                return dir;
            }
        }
        throw new AssertionError("tools/sarif/package.json not found above " + Path.of("").toAbsolutePath());
    }

    private SarifValidator() {}
}
