package dev.warden.defense.harden;

/**
 * Settings of output hardening. What each account sees is set by its tier (policy {@code tiers}) and enforced
 * by the guard; {@code decisionDetailsParameter} names the response parameter that carries decision details for
 * tiers that allow them.
 */
public record HardenConfig(String decisionDetailsParameter) {
    public static final String DEFAULT_PARAMETER = dev.warden.guard.Guard.DETAILS_PARAMETER;

    public HardenConfig {
        decisionDetailsParameter = decisionDetailsParameter == null ? DEFAULT_PARAMETER : decisionDetailsParameter;
        if (decisionDetailsParameter.isBlank()) throw new IllegalArgumentException("decisionDetailsParameter must not be blank");
    }
}
