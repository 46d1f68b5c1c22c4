package com.aitesting.api.wiring;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.aws.secrets.DatabaseLogins;
import com.aitesting.aws.secrets.LazySecret;
import com.aitesting.aws.secrets.SecretReader;
import com.aitesting.postgres.Credentials;
import java.util.function.Supplier;

/**
 * The restricted application role's login: DATABASE_USER / DATABASE_PASSWORD (or the URL's), or on AWS
 * the secret in DATABASE_SECRET_ARN, read at the first {@link #get()}, i.e. at the first connection. The
 * API function is restored from a SnapStart snapshot taken after start, and nothing connects before the
 * first request, so the snapshot holds neither the password nor a connection that would be stale after
 * the restore.
 */
public final class AppRoleLogin implements Supplier<Credentials> {
    private final Supplier<Credentials> login;

    public AppRoleLogin(ApiConfig.Database database, SecretReader secrets) {
        if (database.secretArn() != null) {
            this.login = LazySecret.of(() -> DatabaseLogins.read(secrets, database.secretArn()));
        } else {
            // pgjdbc accepts a missing user or password (PGUSER-like defaults, trust auth): keep that local behaviour
            Credentials plain = new Credentials(database.user() == null ? "" : database.user(),
                    database.password() == null ? "" : database.password());
            this.login = () -> plain;
        }
    }

    @Override
    public Credentials get() {
        return login.get();
    }
}
