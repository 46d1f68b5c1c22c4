package com.aitesting.core.secret;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * Envelope encryption of small secrets: each value gets its own data key, the value is sealed with AES-256-GCM
 * under it, and the data key is stored wrapped by the {@link MasterKey}. The context (for example the tenant
 * and the purpose) is bound to both, so a sealed value copied into another tenant's row does not open.
 *
 * <p>Format (version 1): {@code 0x01 | master key kind | u16 wrapped key length | wrapped key |
 * 12-byte nonce | ciphertext and 16-byte tag}.
 */
public final class EnvelopeCipher {
    private static final byte VERSION = 1;

    private final MasterKey masterKey;

    public EnvelopeCipher(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    public byte[] seal(byte[] plaintext, Map<String, String> context) {
        MasterKey.DataKey dataKey = masterKey.newDataKey(context);
        try {
            byte[] sealed = Aead.encrypt(dataKey.plaintext(), plaintext, Aead.associatedData(context));
            byte[] wrapped = dataKey.wrapped();
            if (wrapped.length > 0xffff) {
                throw new IllegalStateException("wrapped data key too long: " + wrapped.length + " bytes");
            }
            return ByteBuffer.allocate(4 + wrapped.length + sealed.length)
                    .put(VERSION).put(masterKey.kind()).putShort((short) wrapped.length).put(wrapped).put(sealed)
                    .array();
        } finally {
            Arrays.fill(dataKey.plaintext(), (byte) 0);
        }
    }

    public byte[] open(byte[] envelope, Map<String, String> context) {
        if (envelope == null || envelope.length < 4) {
            throw new SecretUnreadableException("the sealed value is damaged");
        }
        ByteBuffer in = ByteBuffer.wrap(envelope);
        byte version = in.get();
        byte kind = in.get();
        if (version != VERSION) {
            throw new SecretUnreadableException("the sealed value has an unknown format (" + version + ")");
        }
        if (kind != masterKey.kind()) {
            throw new SecretUnreadableException("the value was sealed with another kind of master key ("
                    + kindName(kind) + ") than this deployment's (" + kindName(masterKey.kind()) + ")");
        }
        int wrappedLength = Short.toUnsignedInt(in.getShort());
        if (in.remaining() < wrappedLength) {
            throw new SecretUnreadableException("the sealed value is damaged");
        }
        byte[] wrapped = new byte[wrappedLength];
        in.get(wrapped);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        byte[] dataKey = masterKey.unwrap(wrapped, context);
        try {
            return Aead.decrypt(dataKey, sealed, Aead.associatedData(context));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static String kindName(byte kind) {
        return switch (kind) {
            case MasterKey.KIND_LOCAL_AES -> "local key file";
            case MasterKey.KIND_AWS_KMS -> "AWS KMS";
            default -> "unknown " + kind;
        };
    }
}
