package dev.warden.policy;

/** Whether clients without an API key are served, and with which tier. */
public record AnonymousAccess(Boolean allowed, String tier) {
    public AnonymousAccess {
        allowed = allowed != null && allowed;
        if (allowed && (tier == null || tier.isBlank())) throw new IllegalArgumentException("tier is required when allowed is true");
    }

    public static AnonymousAccess denied() {
        return new AnonymousAccess(false, null);
    }
}
