package com.aitesting.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A SHA-256 over the names and contents of the Flyway scripts, in name order. It is a property of the
 * migration custom resource, so CloudFormation calls the migration handler again whenever a script is
 * added or changed.
 */
final class MigrationsHash {

    private MigrationsHash() {
    }

    static String of(Path migrationsDir) {
        List<Path> scripts = sqlScripts(migrationsDir);
        if (scripts.isEmpty()) {
            throw new IllegalStateException("no *.sql migrations in " + migrationsDir.toAbsolutePath().normalize()
                    + "; the environment needs its schema (context key migrationsDir)");
        }
        MessageDigest digest = sha256();
        for (Path script : scripts) {
            // The name is part of the hash: renaming V002 to V003 changes what Flyway applies.
            digest.update(script.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(read(script));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<Path> sqlScripts(Path migrationsDir) {
        if (!Files.isDirectory(migrationsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(migrationsDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path script) {
        try {
            return Files.readAllBytes(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
