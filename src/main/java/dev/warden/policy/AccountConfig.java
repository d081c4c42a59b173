package dev.warden.policy;

import java.util.HexFormat;
import java.util.Locale;

/**
 * An API-key account: its id, the SHA-256 (hex) of its key, never the key itself, its tier, scopes, and
 * whether it may send camera streams (docs/defenses.md, "Streams and the query detector"), and whether it is
 * {@code trusted}: exempt from the lockout's warm-up of fresh accounts and from strikes for being linked to another
 * account's attack (docs/stateful.md, "Sybil economics").
 */
public record AccountConfig(String id, String keySha256, String tier, java.util.List<String> scopes, Boolean streams,
                            Boolean trusted) {
    public AccountConfig(String id, String keySha256, String tier, java.util.List<String> scopes, Boolean streams) {
        this(id, keySha256, tier, scopes, streams, null);
    }

    public AccountConfig {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("id is required");
        if (keySha256 == null || keySha256.length() != 64) {
            throw new IllegalArgumentException("keySha256 must be the 64 hex digits of the key's SHA-256 (see 'warden key new')");
        }
        try {
            HexFormat.of().parseHex(keySha256);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keySha256 is not hexadecimal");
        }
        keySha256 = keySha256.toLowerCase(Locale.ROOT);
        if (tier == null || tier.isBlank()) throw new IllegalArgumentException("tier is required");
        scopes = scopes == null ? java.util.List.of() : java.util.List.copyOf(scopes);
        streams = streams != null && streams;
        trusted = trusted != null && trusted;
    }
}
