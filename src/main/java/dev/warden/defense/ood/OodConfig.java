package dev.warden.defense.ood;

import dev.warden.defense.OnDetect;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Settings of out-of-distribution rejection: the detector ({@code mahalanobis}: class-conditional means with a
 * shared covariance, on each of {@code layers} — the model's {@code features} and, as in Lee et al.'s feature
 * ensemble, the {@code input} pooled by {@code inputPool}; or {@code knn}: distance to the k-th nearest of
 * {@code bank} normalised benign feature vectors), the transform applied to the features first
 * ({@code sqrt} by default for mahalanobis, {@code none} for knn, which normalises them), the false-positive
 * rate the calibrated threshold is set at, and whether an input over it is rejected or flagged. A mahalanobis
 * features layer longer than {@code maxDimensions} is fitted as a probabilistic PCA of that rank
 * ({@link PrincipalReduction}): a full precision costs dim^2 / 2 multiply-adds a query (4.2 MB of doubles read at
 * 1,024 features), the reduced one rank x dim. The pooled input's length is set by {@code inputPool} instead.
 */
public record OodConfig(String method, List<OodLayer> layers, Integer inputPool, Integer k, Integer bank,
                        FeatureTransform featureTransform, Double targetFpr, OnDetect action,
                        Integer maxDimensions) {
    public static final String MAHALANOBIS = "mahalanobis";
    public static final String KNN = "knn";
    public static final List<OodLayer> DEFAULT_LAYERS = List.of(OodLayer.FEATURES);
    public static final int DEFAULT_INPUT_POOL = 4;
    public static final int DEFAULT_K = 1;
    public static final int DEFAULT_BANK = 500;
    public static final double DEFAULT_TARGET_FPR = 0.01;
    public static final int DEFAULT_MAX_DIMENSIONS = 128;

    public OodConfig {
        method = method == null ? MAHALANOBIS : method.toLowerCase(Locale.ROOT);
        if (!method.equals(MAHALANOBIS) && !method.equals(KNN)) {
            throw new IllegalArgumentException("method must be mahalanobis or knn, not '" + method + "'");
        }
        layers = layers == null || layers.isEmpty() ? DEFAULT_LAYERS : List.copyOf(layers.stream().distinct().toList());
        if (method.equals(KNN) && !layers.equals(DEFAULT_LAYERS)) throw new IllegalArgumentException("knn looks at features only");
        inputPool = inputPool == null ? DEFAULT_INPUT_POOL : inputPool;
        k = k == null ? DEFAULT_K : k;
        bank = bank == null ? DEFAULT_BANK : bank;
        featureTransform = featureTransform != null ? featureTransform : method.equals(KNN) ? FeatureTransform.NONE : FeatureTransform.SQRT;
        targetFpr = targetFpr == null ? DEFAULT_TARGET_FPR : targetFpr;
        action = OnDetect.orDefault(action);
        maxDimensions = maxDimensions == null ? DEFAULT_MAX_DIMENSIONS : maxDimensions;
        if (inputPool < 1 || inputPool > 8) throw new IllegalArgumentException("inputPool must be between 1 and 8");
        if (k < 1) throw new IllegalArgumentException("k must be >= 1");
        if (bank < k || bank > 5000) throw new IllegalArgumentException("bank must be between k and 5000");
        if (!(targetFpr > 0 && targetFpr < 0.5)) throw new IllegalArgumentException("targetFpr must be in (0, 0.5)");
        if (maxDimensions < 1) throw new IllegalArgumentException("maxDimensions must be >= 1, not " + maxDimensions);
    }

    String calibrationKey() {
        return method.equals(KNN)
                ? String.format(Locale.ROOT, "knn k=%d bank=%d%s targetFpr=%s", k, bank,
                featureTransform == FeatureTransform.NONE ? "" : " featureTransform=" + featureTransform.label(), targetFpr)
                : String.format(Locale.ROOT, "mahalanobis layers=%s%s%s targetFpr=%s%s",
                layers.stream().map(OodLayer::label).collect(Collectors.joining("+")),
                layers.contains(OodLayer.INPUT) ? " inputPool=" + inputPool : "",
                featureTransform == FeatureTransform.NONE ? "" : " featureTransform=" + featureTransform.label(), targetFpr,
                maxDimensions == DEFAULT_MAX_DIMENSIONS ? "" : " maxDimensions=" + maxDimensions);
    }

    String describe() {
        String transform = featureTransform == FeatureTransform.NONE ? "" : ", " + featureTransform.label();
        String fpr = targetFpr == DEFAULT_TARGET_FPR ? "" : ", fpr " + targetFpr;
        String max = maxDimensions == DEFAULT_MAX_DIMENSIONS ? "" : ", max " + maxDimensions;
        return method.equals(KNN) ? "knn" + (transform + fpr).replaceFirst("^, (.*)$", "($1)")
                : "mahalanobis(" + layers.stream().map(OodLayer::label).collect(Collectors.joining("+")) + transform + fpr + max + ")";
    }
}
