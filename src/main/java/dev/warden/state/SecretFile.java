package dev.warden.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret kept in a file readable by its owner only ({@code <dir>/<name>.secret}, hex): generated on first
 * use, read back afterwards. When the folder cannot be written the secret lives for this process only.
 */
final class SecretFile {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFile() {
    }

    static byte[] random() {
        byte[] b = new byte[StateStore.SECRET_BYTES];
        RANDOM.nextBytes(b);
        return b;
    }

    static synchronized byte[] load(Path dir, String name) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("bad secret name: " + name);
        Path file = dir.resolve(name + ".secret");
        try {
            if (Files.isRegularFile(file)) {
                byte[] b = HexFormat.of().parseHex(Files.readString(file).trim());
                if (b.length == StateStore.SECRET_BYTES) return b;
                LOG.warn("secret file {} is malformed; generating a new secret", file);
            }
            byte[] secret = random();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the folder's own permissions apply
            }
            Files.writeString(tmp, HexFormat.of().formatHex(secret) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LOG.info("generated secret {} in {}", name, file);
            return secret;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot keep secret {} in {} ({}); it lasts for this process only", name, file, e.toString());
            return random();
        }
    }
}
