package com.aitesting.aws.secrets;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A value derived from a secret, read on first {@link #get()} and then kept. Used where the value must
 * not be read while a SnapStart snapshot is being taken (the API function): the first request after a
 * restore reads it, so the snapshot holds no secret and a rotated one is picked up by new environments.
 * A failed read is not kept: the next call tries again.
 */
public final class LazySecret<T> implements Supplier<T> {
    private final Supplier<T> read;
    private volatile T value;

    private LazySecret(Supplier<T> read) {
        this.read = read;
    }

    public static <T> LazySecret<T> of(Supplier<T> read) {
        return new LazySecret<>(Objects.requireNonNull(read, "read"));
    }

    public static <T> LazySecret<T> of(SecretReader secrets, String secretArn, Function<String, T> parse) {
        return of(() -> parse.apply(secrets.read(secretArn)));
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(read.get(), "secret value");
                    value = v;
                }
            }
        }
        return v;
    }

    @Override
    public String toString() { // never the value
        return "LazySecret[" + (value == null ? "unread" : "read") + "]";
    }
}
