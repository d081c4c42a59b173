package dev.warden.defense.crosscheck;

import dev.warden.defense.OnDetect;
import dev.warden.defense.sanitize.Transform;
import java.util.List;

/**
 * Settings of cross-checking: the squeezers of feature squeezing (each one transform, {@code bitDepth:B},
 * {@code median:K} or {@code jpeg:Q}), the other models of the policy to compare with, the false-positive
 * rate the calibrated threshold is set at, and whether a disagreement over it is rejected or flagged.
 */
public record CrosscheckConfig(List<String> squeezers, List<String> models, Double targetFpr, OnDetect action) {
    public static final List<String> DEFAULT_SQUEEZERS = List.of("bitDepth:2", "bitDepth:3");
    public static final double DEFAULT_TARGET_FPR = 0.05;

    public CrosscheckConfig {
        squeezers = squeezers == null ? DEFAULT_SQUEEZERS : List.copyOf(squeezers);
        models = models == null ? List.of() : List.copyOf(models);
        targetFpr = targetFpr == null ? DEFAULT_TARGET_FPR : targetFpr;
        action = OnDetect.orDefault(action);
        squeezers.forEach(Transform::parse);
        if (squeezers.isEmpty() && models.isEmpty()) throw new IllegalArgumentException("give at least one squeezer or model");
        if (models.stream().distinct().count() != models.size()) throw new IllegalArgumentException("models are listed twice");
        if (!(targetFpr > 0 && targetFpr < 0.5)) throw new IllegalArgumentException("targetFpr must be in (0, 0.5)");
    }

    public List<Transform> parsedSqueezers() {
        return squeezers.stream().map(Transform::parse).toList();
    }
}
