package com.aitesting.aws.secrets;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@link SecretReader} on AWS Secrets Manager. Region and credentials come from the Lambda environment
 * (AWS_REGION, the function's role). A client is built per read and closed: every function reads its
 * few secrets once per execution environment (at cold start, or at first use after a SnapStart restore),
 * so there is nothing to keep a client around for.
 */
public final class SecretsManagerReader implements SecretReader {

    @Override
    public String read(String secretArn) {
        try (SecretsManagerClient client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            String value = client.getSecretValue(b -> b.secretId(secretArn)).secretString();
            if (value == null) {
                throw new IllegalStateException("secret " + secretArn + " has no string value (binary secrets are not supported)");
            }
            return value;
        } catch (SdkException e) {
            // The SDK's message names the secret and the reason (AccessDenied, not found), never the value.
            throw new IllegalStateException("cannot read secret " + secretArn + ": " + e.getMessage(), e);
        }
    }
}
