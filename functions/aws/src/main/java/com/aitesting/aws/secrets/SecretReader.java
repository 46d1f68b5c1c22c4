package com.aitesting.aws.secrets;

/**
 * Reads a secret's current string value by ARN (or name). The production adapter is
 * {@link SecretsManagerReader}; tests pass a map. Implementations never put a value into an exception
 * message or a log line: only the ARN may appear there.
 */
@FunctionalInterface
public interface SecretReader {
    String read(String secretArn);
}
