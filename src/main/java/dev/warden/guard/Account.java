package dev.warden.guard;

import java.util.Objects;

/**
 * Who sends a query: an API key's owner, or for anonymous traffic the source address (never a
 * client-supplied header unless a trusted proxy is configured). {@code tier} names what responses reveal.
 */
public record Account(String id, String tier, boolean anonymous) {
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
    }

    public static Account anonymous(String sourceAddress, String tier) {
        return new Account("anon:" + sourceAddress, tier, true);
    }
}
