package dev.warden.policy;

import java.util.List;
import java.util.Locale;

/**
 * Admin API credentials: SHA-256 hashes of admin keys. The environment variable {@code WARDEN_ADMIN_KEY}
 * adds one more key at startup. With no admin key at all, the admin API refuses every call.
 */
public record AdminAccess(List<String> keySha256) {
    public AdminAccess {
        keySha256 = keySha256 == null ? List.of() : keySha256.stream().map(k -> {
            if (k == null || !k.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("keySha256 entries must be 64 hex digits");
            }
            return k.toLowerCase(Locale.ROOT);
        }).toList();
    }

    public static AdminAccess none() {
        return new AdminAccess(List.of());
    }
}
