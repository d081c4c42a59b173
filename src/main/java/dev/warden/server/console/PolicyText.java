package dev.warden.server.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The text of a policy file as the console shows it; unreadable (moved, deleted) files say so instead. */
public final class PolicyText {
    private static final long MAX_BYTES = 1 << 20;

    private PolicyText() {
    }

    /** Credentials inside URLs and password parameters are masked: the console shows the policy, not its secrets. */
    static String redact(String text) {
        return text.replaceAll("([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s:]*):([^@\\s/]+)@", "$1$2:***@")
                .replaceAll("(?i)(password=)[^&\\s\"']+", "$1***");
    }

    public static String read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) return "# policy file larger than 1 MiB: not shown";
            return redact(Files.readString(file));
        } catch (IOException e) {
            return "# policy file could not be read: " + e.getClass().getSimpleName();
        }
    }
}
