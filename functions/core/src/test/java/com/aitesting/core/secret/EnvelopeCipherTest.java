package com.aitesting.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeCipherTest {
    private static final Map<String, String> ALICE = Map.of("purpose", "slack_webhook", "tenant_id", "t_alice");
    private static final byte[] SECRET = "https://hooks.slack.com/services/T/B/MARKER".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedValuesOpenWithTheSameKeyAndContextAndHideThePlaintext() {
        EnvelopeCipher cipher = new EnvelopeCipher(AesMasterKey.random());
        byte[] sealed = cipher.seal(SECRET, ALICE);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("MARKER", "hooks");
        assertThat(cipher.open(sealed, ALICE)).isEqualTo(SECRET);
        assertThat(cipher.seal(SECRET, ALICE)).as("a fresh data key and nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void anotherTenantsContextAnotherKeyOrAChangedByteDoNotOpen() {
        AesMasterKey key = AesMasterKey.random();
        byte[] sealed = new EnvelopeCipher(key).seal(SECRET, ALICE);
        Map<String, String> bob = Map.of("purpose", "slack_webhook", "tenant_id", "t_bob");
        assertThatThrownBy(() -> new EnvelopeCipher(key).open(sealed, bob)).isInstanceOf(SecretUnreadableException.class);
        assertThatThrownBy(() -> new EnvelopeCipher(AesMasterKey.random()).open(sealed, ALICE))
                .isInstanceOf(SecretUnreadableException.class);
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> new EnvelopeCipher(key).open(tampered, ALICE)).isInstanceOf(SecretUnreadableException.class);
        assertThatThrownBy(() -> new EnvelopeCipher(key).open(new byte[] {1}, ALICE)).isInstanceOf(SecretUnreadableException.class);
    }

    @Test
    void aValueSealedUnderAnotherKindOfMasterKeySaysSo() {
        AesMasterKey local = AesMasterKey.random();
        byte[] sealed = new EnvelopeCipher(local).seal(SECRET, ALICE);
        MasterKey kms = new MasterKey() {
            @Override
            public byte kind() {
                return KIND_AWS_KMS;
            }

            @Override
            public DataKey newDataKey(Map<String, String> context) {
                return local.newDataKey(context);
            }

            @Override
            public byte[] unwrap(byte[] wrappedKey, Map<String, String> context) {
                return local.unwrap(wrappedKey, context);
            }
        };
        assertThatThrownBy(() -> new EnvelopeCipher(kms).open(sealed, ALICE))
                .isInstanceOf(SecretUnreadableException.class).hasMessageContaining("local key file").hasMessageContaining("AWS KMS");
    }
}
