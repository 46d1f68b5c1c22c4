package com.aitesting.postgres;

import java.util.Objects;

/** A database login. {@link #toString()} hides the password so a logged config leaks nothing. */
public record Credentials(String user, String password) {
    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }
}
