package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder the embedded PostgreSQL binaries run from is this user's alone, or the start stops. */
class PrivateDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFolderIsCreatedOwnerOnlyAndAPrivateOneIsKept() throws Exception {
        Path binaries = PrivateDirectory.require(dir.resolve("pg-binaries"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries))).isEqualTo("rwx------");
        assertThat(PrivateDirectory.require(binaries)).isEqualTo(binaries);
    }

    @Test
    void aFolderOthersMayWriteToOrOneReachedThroughALinkIsRefused() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx")); // like <tmp>/embedded-pg
        assertThatThrownBy(() -> PrivateDirectory.require(shared)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("group or others have access").hasMessageContaining("DATA_DIR");
        Path readable = Files.createDirectory(dir.resolve("readable"));
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> PrivateDirectory.require(readable)).as("others could enter what a library leaves open inside")
                .isInstanceOf(IllegalStateException.class);

        Path inShared = shared.resolve("pg-binaries");
        assertThatThrownBy(() -> PrivateDirectory.require(inShared)).as("its parent lets anyone swap it")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("others may write to " + shared);

        Path real = PrivateDirectory.require(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThatThrownBy(() -> PrivateDirectory.require(link)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a plain directory");
    }

    @Test
    void aStickyParentThatOthersMayWriteToIsAllowedAsTmpIs() throws Exception {
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Process chmod = new ProcessBuilder("chmod", "1777", sticky.toString()).inheritIO().start();
        assertThat(chmod.waitFor()).as("chmod 1777").isZero();

        Path binaries = PrivateDirectory.require(sticky.resolve("pg-binaries"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries))).isEqualTo("rwx------");
    }

    @Test
    void theEmbeddedDatabaseUnpacksItsBinariesBesideTheDataFolder() {
        assertThat(EmbeddedPostgresPart.binariesDir(Path.of("/srv/ait/pgdata"))).isEqualTo(Path.of("/srv/ait/pg-binaries"));
    }
}
