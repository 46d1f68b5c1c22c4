package com.aitesting.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One commit synthesizes one template, byte for byte: otherwise every deploy publishes a new SnapStart
 * version of the API and updates every function.
 */
class ReproducibleSynthTest {

    private static final String TEMPLATE_FILE = "AiTesting-test.template.json";

    /**
     * The second synth runs in a fresh JVM, the way `cdk synth` runs the app: Map.of's iteration order
     * and identity hash codes differ between JVMs, so an order that depends on them shows up here.
     */
    @Test
    void aSynthInAnotherJvmWritesTheSameTemplateByteForByte() throws IOException, InterruptedException {
        SynthesizedEnvironment.template();
        Path first = SynthesizedEnvironment.outdir().resolve(TEMPLATE_FILE);
        Path outdir = Path.of("target/synth/second-jvm");
        Path log = Path.of("target/synth/second-jvm.log");
        Files.createDirectories(outdir);
        ProcessBuilder child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), InfraApp.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        child.environment().put("CDK_OUTDIR", outdir.toString());
        child.environment().put("CDK_CONTEXT_JSON", json(SynthesizedEnvironment.CONTEXT));
        child.environment().remove("CDK_DEFAULT_ACCOUNT");
        child.environment().remove("CDK_DEFAULT_REGION");
        Process process = child.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the second synth finishes").isTrue();
        assertThat(process.exitValue()).as("the second synth succeeds:%n%s", Files.readString(log)).isZero();

        String expected = Files.readString(first);
        String actual = Files.readString(outdir.resolve(TEMPLATE_FILE));
        assertThat(actual).as("template of a second synth").isEqualTo(expected);
        assertThat(Files.mismatch(first, outdir.resolve(TEMPLATE_FILE))).isEqualTo(-1L);
    }

    @Test
    void everyFunctionsEnvironmentIsInKeyOrder() {
        List<String> unsorted = new ArrayList<>();
        new TemplateResources(SynthesizedEnvironment.template()).ofType("AWS::Lambda::Function").forEach((id, function) -> {
            Object environment = function.get("Environment");
            if (environment == null) {
                return;
            }
            List<String> keys = new ArrayList<>(TemplateResources.map(
                    TemplateResources.map(environment).get("Variables")).keySet());
            if (!keys.equals(keys.stream().sorted().toList())) {
                unsorted.add(id + " " + keys);
            }
        });
        assertThat(unsorted).isEmpty();
    }

    private static String json(Map<String, Object> context) {
        return context.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(String.valueOf(e.getValue())))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
