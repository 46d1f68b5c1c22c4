package com.aitesting.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaArtifactsTest {

    @Test
    void missingZipsAreNamedWithTheCommandThatBuildsThem(@TempDir Path repository) throws IOException {
        Path workflowZip = repository.resolve("functions/workflow/target/workflow-lambda.zip");
        Files.createDirectories(workflowZip.getParent());
        Files.write(workflowZip, new byte[] {1});

        assertThatThrownBy(() -> LambdaArtifacts.locate(repository))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("api-lambda.zip")
                .hasMessageContaining("notifier-lambda.zip")
                .hasMessageNotContaining("workflow-lambda.zip")
                .hasMessageContaining("Run `mvn package -DskipTests` at the repository root first");
    }

    @Test
    void findsTheZipsThatTheRepositoryBuildProduces() {
        LambdaArtifacts artifacts = LambdaArtifacts.locate(Path.of(".."));

        assertThat(artifacts.apiZip()).isRegularFile();
        assertThat(artifacts.workflowZip()).isRegularFile();
        assertThat(artifacts.notifierZip()).isRegularFile();
    }
}
