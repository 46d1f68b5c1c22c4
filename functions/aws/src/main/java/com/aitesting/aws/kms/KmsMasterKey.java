package com.aitesting.aws.kms;

import com.aitesting.core.secret.MasterKey;
import com.aitesting.core.secret.SecretUnreadableException;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * {@link MasterKey} on AWS KMS (WEBHOOK_KMS_KEY_ARN): data keys come from GenerateDataKey (AES_256) and are
 * unwrapped with Decrypt, both with the context as KMS encryption context, so CloudTrail shows which tenant's
 * secret each call was for and a wrapped key does not unwrap for another tenant. The client is built at first
 * use (nothing connects before a SnapStart snapshot); region and credentials come from the function's
 * environment and role.
 */
public final class KmsMasterKey implements MasterKey {
    private final String keyArn;
    private final Supplier<KmsClient> clients;
    private volatile KmsClient client;

    public KmsMasterKey(String keyArn) {
        this(keyArn, () -> KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build());
    }

    /** With a client of the caller's (tests). */
    public KmsMasterKey(String keyArn, Supplier<KmsClient> clients) {
        if (keyArn == null || !keyArn.startsWith("arn:")) {
            throw new IllegalArgumentException("a KMS key ARN is required");
        }
        this.keyArn = keyArn;
        this.clients = clients;
    }

    @Override
    public byte kind() {
        return KIND_AWS_KMS;
    }

    @Override
    public DataKey newDataKey(Map<String, String> context) {
        try {
            GenerateDataKeyResponse response = client().generateDataKey(b -> b.keyId(keyArn)
                    .keySpec(DataKeySpec.AES_256).encryptionContext(context));
            return new DataKey(response.plaintext().asByteArray(), response.ciphertextBlob().asByteArray());
        } catch (SdkException e) {
            // The SDK's message names the key and the reason (AccessDenied, disabled), never a secret.
            throw new IllegalStateException("KMS GenerateDataKey with " + keyArn + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey, Map<String, String> context) {
        try {
            DecryptResponse response = client().decrypt(b -> b.keyId(keyArn)
                    .ciphertextBlob(SdkBytes.fromByteArray(wrappedKey)).encryptionContext(context));
            return response.plaintext().asByteArray();
        } catch (InvalidCiphertextException e) {
            throw new SecretUnreadableException("KMS refused the wrapped data key (another key or context)", e);
        } catch (SdkException e) {
            throw new SecretUnreadableException("KMS Decrypt with " + keyArn + " failed: " + e.getMessage(), e);
        }
    }

    private KmsClient client() {
        KmsClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = clients.get();
                }
                c = client;
            }
        }
        return c;
    }
}
