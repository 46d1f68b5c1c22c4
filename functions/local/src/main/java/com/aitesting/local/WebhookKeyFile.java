package com.aitesting.local;

import com.aitesting.core.secret.AesMasterKey;
import com.aitesting.core.secret.MasterKey;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The embedded default's webhook master key: 32 random bytes (base64) in {@code <DATA_DIR>.webhook-key}, beside
 * the data folder and never in it, so the folder (or a copy, or a backup of it) holds webhook URLs only sealed.
 * Created on first start with owner-only permissions (0600) and refused when group or others may read it.
 * An ephemeral database gets a throw-away key in memory. Losing the file makes the stored webhooks unreadable
 * (each delivery then records webhook_unreadable) until tenants set them again.
 */
final class WebhookKeyFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private WebhookKeyFile() {}

    /** Where the key of a data folder lives. */
    static Path beside(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        return dir.resolveSibling(dir.getFileName() + ".webhook-key");
    }

    static MasterKey forConfig(LocalConfig config) {
        return config.ephemeralDb() && config.external() == null ? AesMasterKey.random() : loadOrCreate(beside(config.dataDir()));
    }

    static MasterKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IllegalStateException("The webhook key file " + file + " may be read by others ("
                        + PosixFilePermissions.toString(permissions) + "); make it owner-only: chmod 600 " + file);
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
            return new AesMasterKey(key);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the webhook key file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The webhook key file " + file + " is not a key this program wrote "
                    + "(32 bytes, base64); restore it, or remove it and set the tenants' webhooks again", e);
        }
    }

    /** Written to a temporary file created 0600, then moved into place: never visible half-written or readable. */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".webhook-key", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temp, Base64.getEncoder().encodeToString(AesMasterKey.newKeyMaterial()) + "\n");
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                // another start created it first: use that one
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
