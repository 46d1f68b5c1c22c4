package com.aitesting.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.RunId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@link WorkflowEngineContract} against LocalStack's Step Functions, in Docker (Testcontainers). Only in
 * the opt-in profile: `./dev test --localstack` (mvn -Plocalstack). The parked task sends its token to an
 * SQS queue (sqs:sendMessage.waitForTaskToken), where the test picks it up.
 */
class LocalStackEngineContractIT extends WorkflowEngineContract {
    // The last image that runs without an account token (see ../shared/TOOLCHAIN.md).
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStackContainer localstack;
    private static SfnClient sfn;
    private static SqsClient sqs;
    private static String queueUrl;
    private static String arn;

    @BeforeAll
    static void start() {
        assertThat(DockerClientFactory.instance().isDockerAvailable())
                .as("Docker is needed for the LocalStack contract tests (./dev test --localstack): no Docker engine"
                        + " answers (DOCKER_HOST or /var/run/docker.sock). Run `./dev test` without --localstack"
                        + " to test against the embedded engine only.")
                .isTrue();
        localstack = new LocalStackContainer(IMAGE).withServices(Service.STEPFUNCTIONS, Service.SQS);
        localstack.start();
        Region region = Region.of(localstack.getRegion());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
        sfn = SfnClient.builder().httpClient(UrlConnectionHttpClient.create()).region(region).credentialsProvider(credentials)
                .endpointOverride(localstack.getEndpointOverride(Service.STEPFUNCTIONS)).build();
        sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(region).credentialsProvider(credentials)
                .endpointOverride(localstack.getEndpointOverride(Service.SQS)).build();
        queueUrl = sqs.createQueue(b -> b.queueName("contract-tokens")).queueUrl();
        String definition = """
                {"StartAt":"Park","States":{"Park":{"Type":"Task",
                  "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters":{"QueueUrl":"%s",
                    "MessageBody":{"run_id.$":"$.run_id","tenant_id.$":"$.tenant_id","task_token.$":"$$.Task.Token"}},
                  "End":true}}}""".formatted(queueUrl);
        arn = sfn.createStateMachine(b -> b.name("contract-parking").definition(definition)
                .roleArn("arn:aws:iam::000000000000:role/contract")).stateMachineArn();
    }

    @AfterAll
    static void stop() {
        if (sfn != null) {
            sfn.close();
            sqs.close();
        }
        if (localstack != null) {
            localstack.stop();
        }
    }

    @Override
    protected String parkingStateMachineArn() {
        return arn;
    }

    @Override
    protected SfnClient client() {
        return sfn;
    }

    @Override
    protected String awaitToken(RunId run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1).maxNumberOfMessages(10)).messages()) {
                JsonNode body = JSON.readTree(message.body());
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                if (body.path("run_id").asText().equals(run.toString())) {
                    return body.path("task_token").asText();
                }
            }
        }
        throw new AssertionError("the parked execution of run " + run + " sent no task token to " + queueUrl);
    }
}
