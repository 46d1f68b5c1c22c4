package com.aitesting.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A directory that only the user running the product may change, for what the product executes from it (the
 * embedded PostgreSQL binaries). The library's default, {@code <tmp>/embedded-pg}, is shared and writable by
 * everyone, and it reuses whatever binaries it finds there: another local user could plant a {@code postgres}
 * that then runs as this user, with every tenant's data. Created 0700 when missing; refused when it is a
 * symbolic link, owned by someone else, open to group or others in any way (the library makes its own working
 * folder writable by everyone, so that folder goes inside this one, which no one else may enter), or when
 * others may write to its parent (they could swap it) unless the parent is sticky, as /tmp is.
 */
final class PrivateDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final int STICKY_BIT = 01000;

    private PrivateDirectory() {}

    /** {@code dir}, created owner-only if missing; {@link IllegalStateException} naming the reason if it is not private. */
    static Path require(Path dir) {
        try {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException existing) {
                // checked below like any directory found in place
            }
            if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(dir, "it is not a plain directory");
            }
            int me = currentUid(dir.getParent());
            requireOwned(dir, dir, me);
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (!OWNER_ONLY.containsAll(permissions)) {
                // no one else may even enter: what is inside may be as open as a library leaves it
                throw refused(dir, "group or others have access to it (" + PosixFilePermissions.toString(permissions) + ")");
            }
            // whoever may write to the parent can put another directory in this one's place
            requireOwned(dir, dir.getParent(), me);
            // (a group-writable parent is allowed: with a umask of 002 every folder is, and the group is often the user's own)
            // (so is a sticky one such as /tmp: there only the owner of an entry may rename or remove it)
            Set<PosixFilePermission> parent = Files.getPosixFilePermissions(dir.getParent(), LinkOption.NOFOLLOW_LINKS);
            if (parent.contains(PosixFilePermission.OTHERS_WRITE) && !isSticky(dir.getParent())) {
                throw refused(dir, "others may write to " + dir.getParent() + " (" + PosixFilePermissions.toString(parent) + ")");
            }
            return dir;
        } catch (IOException | UnsupportedOperationException e) {
            throw refused(dir, e.getMessage());
        }
    }

    private static boolean isSticky(Path path) throws IOException {
        return ((int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & STICKY_BIT) != 0;
    }

    /** {@code path} is owned by this user (or by root, for the parent). */
    private static void requireOwned(Path dir, Path path, int me) throws IOException {
        int owner = (int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != me && !(owner == 0 && !path.equals(dir))) {
            throw refused(dir, "another user owns " + path);
        }
    }

    /** This process's uid, as the owner of a file it has just created. */
    private static int currentUid(Path near) throws IOException {
        Path probe = Files.createTempFile(near, ".uid-", "");
        try {
            return (int) Files.getAttribute(probe, "unix:uid");
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static IllegalStateException refused(Path dir, String reason) {
        return new IllegalStateException("Refusing " + dir + " for the embedded PostgreSQL binaries: " + reason
                + ". They are unpacked beside DATA_DIR: remove that folder, or set DATA_DIR inside a folder only you can write to.");
    }
}
