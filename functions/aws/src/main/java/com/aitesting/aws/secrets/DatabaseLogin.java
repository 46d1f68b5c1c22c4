package com.aitesting.aws.secrets;

import com.aitesting.postgres.Credentials;
import java.util.Map;

/**
 * A Lambda's database login, from its environment: the ONE rule every function applies (the API's
 * ApiConfig follows it too).
 * <ul>
 *   <li>A blank variable is an unset one.</li>
 *   <li>DATABASE_SECRET_ARN set: the login is that Secrets Manager secret (RDS shape, read by
 *       {@link #credentials}); it must be an ARN, and DATABASE_PASSWORD must then be unset (two sources of one
 *       password is a mistake, refused at start). DATABASE_USER may name the same role; the secret's wins.</li>
 *   <li>Otherwise DATABASE_USER and DATABASE_PASSWORD are both required.</li>
 * </ul>
 * A bad combination fails the start with the variable's name and the reason, never the password.
 */
public sealed interface DatabaseLogin {
    String SECRET_ARN = "DATABASE_SECRET_ARN";
    String USER = "DATABASE_USER";
    String PASSWORD = "DATABASE_PASSWORD";

    record Plain(Credentials credentials) implements DatabaseLogin {}

    record Secret(String secretArn) implements DatabaseLogin {}

    /** The login itself: a secret is read here (at the first connection, not at a SnapStart snapshot). */
    default Credentials credentials(SecretReader secrets) {
        return switch (this) {
            case Plain plain -> plain.credentials();
            case Secret secret -> DatabaseLogins.read(secrets, secret.secretArn());
        };
    }

    static DatabaseLogin fromEnvironment(Map<String, String> env) {
        String password = value(env, PASSWORD);
        String secretArn = secretArn(value(env, SECRET_ARN), password);
        if (secretArn != null) {
            return new Secret(secretArn);
        }
        String user = value(env, USER);
        if (user == null) {
            throw new IllegalArgumentException(USER + " is required (or " + SECRET_ARN + ")");
        }
        if (password == null) {
            throw new IllegalArgumentException(PASSWORD + " is required with " + USER + " (or set " + SECRET_ARN + ")");
        }
        return new Plain(new Credentials(user, password));
    }

    /**
     * DATABASE_SECRET_ARN under the rule above: null when unset or blank; an error when it is not an ARN or
     * when DATABASE_PASSWORD is set as well.
     */
    static String secretArn(String secretArn, String password) {
        if (secretArn == null || secretArn.isBlank()) {
            return null;
        }
        if (password != null && !password.isBlank()) {
            throw new IllegalArgumentException("set " + SECRET_ARN + " or " + PASSWORD + ", not both");
        }
        return arn(SECRET_ARN, secretArn);
    }

    /** An ARN-valued variable: trimmed, and it must look like one. */
    static String arn(String variable, String value) {
        String trimmed = value.trim();
        if (!trimmed.startsWith("arn:")) {
            throw new IllegalArgumentException(variable + " must be an ARN, was '" + trimmed + "'");
        }
        return trimmed;
    }

    /** The variable's value as set (a password is never trimmed), or null when it is unset or blank. */
    static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
