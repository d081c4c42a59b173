package dev.warden.failures;

import java.util.List;

/**
 * AVID's taxonomy of a failure: risk domains (Security, Ethics, Performance), SEP view entries
 * ({@code S0403: Adversarial Example}), lifecycle stages ({@code L06: Deployment}) and the taxonomy version.
 */
public record AvidTaxonomy(List<String> riskDomain, List<String> sepView, List<String> lifecycleView,
                           String taxonomyVersion) {
    public static final String VERSION = "0.2";

    public AvidTaxonomy {
        riskDomain = riskDomain == null ? List.of() : List.copyOf(riskDomain);
        sepView = sepView == null ? List.of() : List.copyOf(sepView);
        lifecycleView = lifecycleView == null ? List.of() : List.copyOf(lifecycleView);
        taxonomyVersion = taxonomyVersion == null || taxonomyVersion.isBlank() ? VERSION : taxonomyVersion;
    }

    public static AvidTaxonomy empty() {
        return new AvidTaxonomy(null, null, null, null);
    }
}
