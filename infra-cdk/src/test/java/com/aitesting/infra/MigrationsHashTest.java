package com.aitesting.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsHashTest {

    @TempDir
    Path migrations;

    @Test
    void changesWhenAScriptChangesOrIsRenamedButNotForOtherFiles() throws IOException {
        Files.writeString(migrations.resolve("V001__create_runs.sql"), "CREATE TABLE runs ();");
        String original = MigrationsHash.of(migrations);

        Files.writeString(migrations.resolve("README.md"), "notes");
        assertThat(MigrationsHash.of(migrations)).isEqualTo(original);

        Files.writeString(migrations.resolve("V001__create_runs.sql"), "CREATE TABLE runs (id int);");
        String edited = MigrationsHash.of(migrations);
        assertThat(edited).isNotEqualTo(original).hasSize(64);

        Files.move(migrations.resolve("V001__create_runs.sql"), migrations.resolve("V002__create_runs.sql"));
        assertThat(MigrationsHash.of(migrations)).isNotEqualTo(edited);
    }

    @Test
    void aFolderWithoutScriptsIsAnError() {
        assertThatThrownBy(() -> MigrationsHash.of(migrations))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no *.sql migrations");
        assertThatThrownBy(() -> MigrationsHash.of(migrations.resolve("absent")))
                .hasMessageContaining("migrationsDir");
    }
}
