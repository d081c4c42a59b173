package dev.warden.guard;

import java.util.Objects;

/**
 * Who sends a query: an API key's owner, or for anonymous traffic the source address (never a
 * client-supplied header unless a trusted proxy is configured). {@code tier} names what responses reveal;
 * {@code streams} is the grant to send camera streams whose frames the query detector does not match against
 * the same stream's earlier frames (never for anonymous traffic).
 */
public record Account(String id, String tier, boolean anonymous, boolean streams) {
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
        if (anonymous && streams) throw new IllegalArgumentException("anonymous traffic cannot be granted streams");
    }

    public Account(String id, String tier, boolean anonymous) {
        this(id, tier, anonymous, false);
    }

    public static Account anonymous(String sourceAddress, String tier) {
        return new Account("anon:" + sourceAddress, tier, true);
    }
}
