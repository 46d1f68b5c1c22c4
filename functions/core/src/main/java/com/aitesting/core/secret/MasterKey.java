package com.aitesting.core.secret;

import java.util.Map;

/**
 * Port: the key that encrypts data keys (envelope encryption). On AWS a KMS key (WEBHOOK_KMS_KEY_ARN): the
 * key material never leaves KMS, and every unwrap is an audited KMS call. Locally an AES key kept in a file
 * beside the data folder ({@link AesMasterKey}). {@code context} is bound to the wrapped key (KMS encryption
 * context, or AES-GCM associated data): a wrapped key only unwraps for the same context.
 */
public interface MasterKey {

    /** Which kind of master key sealed an envelope; stored in it, so a mismatch is a clear error. */
    byte kind();

    DataKey newDataKey(Map<String, String> context);

    /** The plaintext data key; {@link SecretUnreadableException} when this key or context did not wrap it. */
    byte[] unwrap(byte[] wrappedKey, Map<String, String> context);

    /** A fresh 256-bit data key, and the same key wrapped by the master key. */
    record DataKey(byte[] plaintext, byte[] wrapped) {}

    byte KIND_LOCAL_AES = 1;
    byte KIND_AWS_KMS = 2;
}
