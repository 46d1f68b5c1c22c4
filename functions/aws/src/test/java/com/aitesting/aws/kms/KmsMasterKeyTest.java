package com.aitesting.aws.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.secret.AesMasterKey;
import com.aitesting.core.secret.EnvelopeCipher;
import com.aitesting.core.secret.MasterKey;
import com.aitesting.core.secret.SecretUnreadableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * The KMS adapter's requests, against a KmsClient fake that behaves like KMS for what the adapter uses: it
 * wraps with a key of its own and refuses a blob under another encryption context (no AWS in tests).
 */
class KmsMasterKeyTest {
    private static final String ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    private static final Map<String, String> ALICE = Map.of("purpose", "slack_webhook", "tenant_id", "t_alice");

    /** KMS for two operations: the "wrapped" key is the data key sealed by an AES key only this fake holds. */
    private static final class FakeKms implements KmsClient {
        final AesMasterKey inside = AesMasterKey.random();
        final List<Object> requests = new ArrayList<>();

        @Override
        public GenerateDataKeyResponse generateDataKey(Consumer<GenerateDataKeyRequest.Builder> request) {
            GenerateDataKeyRequest r = GenerateDataKeyRequest.builder().applyMutation(request).build();
            requests.add(r);
            MasterKey.DataKey key = inside.newDataKey(r.encryptionContext());
            return GenerateDataKeyResponse.builder().keyId(r.keyId()).plaintext(SdkBytes.fromByteArray(key.plaintext()))
                    .ciphertextBlob(SdkBytes.fromByteArray(key.wrapped())).build();
        }

        @Override
        public DecryptResponse decrypt(Consumer<DecryptRequest.Builder> request) {
            DecryptRequest r = DecryptRequest.builder().applyMutation(request).build();
            requests.add(r);
            try {
                return DecryptResponse.builder().keyId(r.keyId())
                        .plaintext(SdkBytes.fromByteArray(inside.unwrap(r.ciphertextBlob().asByteArray(), r.encryptionContext())))
                        .build();
            } catch (SecretUnreadableException e) {
                throw InvalidCiphertextException.builder().message("invalid ciphertext").build();
            }
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {}
    }

    @Test
    void sealsWithAFreshAes256DataKeyAndOpensWithDecryptUnderTheSameKeyAndContext() {
        FakeKms kms = new FakeKms();
        EnvelopeCipher cipher = new EnvelopeCipher(new KmsMasterKey(ARN, () -> kms));
        byte[] secret = "https://hooks.slack.com/services/T/B/MARKER".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = cipher.seal(secret, ALICE);
        assertThat(cipher.open(sealed, ALICE)).isEqualTo(secret);

        assertThat(kms.requests).hasSize(2);
        GenerateDataKeyRequest generate = (GenerateDataKeyRequest) kms.requests.get(0);
        assertThat(generate.keyId()).isEqualTo(ARN);
        assertThat(generate.keySpec()).isEqualTo(DataKeySpec.AES_256);
        assertThat(generate.encryptionContext()).isEqualTo(ALICE);
        DecryptRequest decrypt = (DecryptRequest) kms.requests.get(1);
        assertThat(decrypt.keyId()).isEqualTo(ARN);
        assertThat(decrypt.encryptionContext()).isEqualTo(ALICE);
    }

    @Test
    void anotherTenantsContextIsRefusedByKmsAndReportedAsUnreadable() {
        FakeKms kms = new FakeKms();
        EnvelopeCipher cipher = new EnvelopeCipher(new KmsMasterKey(ARN, () -> kms));
        byte[] sealed = cipher.seal(new byte[] {1, 2, 3}, ALICE);
        assertThatThrownBy(() -> cipher.open(sealed, Map.of("purpose", "slack_webhook", "tenant_id", "t_bob")))
                .isInstanceOf(SecretUnreadableException.class);
    }

    @Test
    void theClientIsBuiltAtFirstUseOnly() {
        int[] built = {0};
        KmsMasterKey key = new KmsMasterKey(ARN, () -> {
            built[0]++;
            return new FakeKms();
        });
        assertThat(built[0]).isZero();
        key.newDataKey(ALICE);
        key.newDataKey(ALICE);
        assertThat(built[0]).isEqualTo(1);
        assertThatThrownBy(() -> new KmsMasterKey("not-an-arn")).isInstanceOf(IllegalArgumentException.class);
    }
}
