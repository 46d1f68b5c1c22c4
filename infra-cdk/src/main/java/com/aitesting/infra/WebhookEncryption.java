package com.aitesting.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The KMS key that wraps the data keys of the tenants' stored webhook URLs (envelope encryption): a
 * function generates a data key to encrypt a URL and asks KMS to decrypt the wrapped key to read it.
 * Only the functions that store or send webhooks get it, as {@value #ENV_KEY_ARN}.
 */
final class WebhookEncryption extends Construct {

    static final String ENV_KEY_ARN = "WEBHOOK_KMS_KEY_ARN";

    private final Key key;

    WebhookEncryption(Construct scope, String id) {
        super(scope, id);
        key = Key.Builder.create(this, "Key")
                .description("Envelope encryption of stored webhook URLs")
                .enableKeyRotation(true)
                // Retained: deleting it would make every stored webhook URL unreadable.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** Lets {@code function} encrypt and decrypt webhook URLs, and tells it which key to use. */
    void allow(Function function) {
        key.grant(function, "kms:GenerateDataKey", "kms:Decrypt");
        function.addEnvironment(ENV_KEY_ARN, key.getKeyArn());
    }

    Key key() {
        return key;
    }
}
