package com.aitesting.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The deployment zips that `mvn package` builds in the function modules (docs/architecture.md,
 * "Deployment artifacts"). Checked up front: CDK would otherwise fail deep inside jsii with a bare
 * "Cannot find asset" that does not say how to produce the file.
 */
record LambdaArtifacts(Path apiZip, Path workflowZip, Path notifierZip) {

    static LambdaArtifacts locate(Path repositoryRoot) {
        LambdaArtifacts artifacts = new LambdaArtifacts(
                repositoryRoot.resolve("functions/api/target/api-lambda.zip"),
                repositoryRoot.resolve("functions/workflow/target/workflow-lambda.zip"),
                repositoryRoot.resolve("functions/notifier/target/notifier-lambda.zip"));
        List<Path> missing = Stream.of(artifacts.apiZip, artifacts.workflowZip, artifacts.notifierZip)
                .filter(zip -> !Files.isRegularFile(zip))
                .map(Path::toAbsolutePath)
                .map(Path::normalize)
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Lambda asset zip(s) missing: " + missing
                    + ". Run `mvn package -DskipTests` at the repository root first (it builds the function zips).");
        }
        return artifacts;
    }
}
