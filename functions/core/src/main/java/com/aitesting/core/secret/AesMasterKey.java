package com.aitesting.core.secret;

import java.util.Map;

/**
 * A master key held in memory: 32 random bytes, read from the local key file (functions/local) or made up
 * for a throw-away database. Data keys are wrapped with AES-256-GCM under it, the context as associated data.
 */
public final class AesMasterKey implements MasterKey {
    public static final int KEY_BYTES = Aead.KEY_BYTES;

    private final byte[] key;

    public AesMasterKey(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a master key is " + KEY_BYTES + " bytes");
        }
        this.key = key.clone();
    }

    /** A fresh random key that lives as long as this object (EPHEMERAL_DB, tests). */
    public static AesMasterKey random() {
        return new AesMasterKey(Aead.randomKey());
    }

    /** New key material for a key file. */
    public static byte[] newKeyMaterial() {
        return Aead.randomKey();
    }

    @Override
    public byte kind() {
        return KIND_LOCAL_AES;
    }

    @Override
    public DataKey newDataKey(Map<String, String> context) {
        byte[] dataKey = Aead.randomKey();
        return new DataKey(dataKey, Aead.encrypt(key, dataKey, Aead.associatedData(context)));
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey, Map<String, String> context) {
        return Aead.decrypt(key, wrappedKey, Aead.associatedData(context));
    }

    @Override
    public String toString() {
        return "AesMasterKey[hidden]"; // never the key
    }
}
