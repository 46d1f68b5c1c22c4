package com.aitesting.infra;

import java.util.List;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * Lets a function read a secret's value and nothing else: {@code ISecret.grantRead} would also grant
 * DescribeSecret, which none of the functions call.
 */
final class SecretAccess {

    private SecretAccess() {
    }

    static void allowGetValue(IGrantable grantee, ISecret secret) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(arnForPolicies(secret)))
                .build());
    }

    /**
     * A secret imported by name or partial ARN has no known suffix, but IAM matches the full ARN, which
     * ends in "-" and six random characters: match exactly those, as CDK's own grants do.
     */
    private static String arnForPolicies(ISecret secret) {
        return secret.getSecretFullArn() != null ? secret.getSecretFullArn() : secret.getSecretArn() + "-??????";
    }
}
