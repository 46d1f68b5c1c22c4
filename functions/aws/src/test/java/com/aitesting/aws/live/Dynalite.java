package com.aitesting.aws.live;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * dynalite (npm, MIT): the DynamoDB JSON API, in memory, on a loopback port, for integration tests.
 * DynamoDB Local is not open source and is not used. Installs its npm package ({@code functions/aws/dynalite},
 * {@code npm ci}) when missing; fails with what is missing when node or npm is not there.
 */
public final class Dynalite implements AutoCloseable {
    private static final Path DIR = locate();
    private final Process process;
    public final int port;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Dynalite start() {
        install();
        int port = freePort();
        String script = "require('dynalite')({createTableMs: 0, deleteTableMs: 0, updateTableMs: 0}).listen(" + port
                + ", '127.0.0.1', function (e) { if (e) { console.error(e); process.exit(1); } console.log('listening'); })";
        Process p;
        try {
            p = new ProcessBuilder("node", "-e", script).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("dynalite needs Node.js (`node` on PATH, >= 18): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("dynalite exited with " + p.exitValue() + " (is " + DIR + "/node_modules complete? run `npm ci` there)");
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new Dynalite(p, port);
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("dynalite did not listen on 127.0.0.1:" + port + " within 20 s");
    }

    public DynamoDbClient client() {
        return client(List.of());
    }

    /** A client whose requests pass {@code interceptors} on their way to dynalite (to check what is asked). */
    public DynamoDbClient client(List<ExecutionInterceptor> interceptors) {
        return DynamoDbClient.builder()
                .overrideConfiguration(c -> c.executionInterceptors(interceptors))
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The table as infra-cdk's LiveProgressApi declares it: its keys and no index (TTL is not emulated). */
    public static void createLiveTable(DynamoDbClient dynamo, String table) {
        dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr(DynamoDbLiveConnections.PK), attr(DynamoDbLiveConnections.SK))
                .keySchema(key(DynamoDbLiveConnections.PK, KeyType.HASH), key(DynamoDbLiveConnections.SK, KeyType.RANGE)));
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void install() {
        if (Files.isRegularFile(DIR.resolve("node_modules/dynalite/package.json"))) {
            return;
        }
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("`npm ci` in " + DIR + " failed: dynalite (npm, MIT) is needed for the DynamoDB tests");
            }
        } catch (IOException e) {
            throw new IllegalStateException("the DynamoDB tests need npm (Node.js) to install dynalite in " + DIR + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** functions/aws/dynalite, from the module directory (Maven's working directory) or the repository root. */
    private static Path locate() {
        for (Path candidate : List.of(Path.of("dynalite"), Path.of("functions/aws/dynalite"), Path.of("../aws/dynalite"))) {
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("functions/aws/dynalite/package.json not found from " + new File(".").getAbsolutePath());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
