package dev.warden.defense.knn;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the k-nearest-neighbour detector (Chen, Carlini and Wagner, "Stateful Detection of Black-Box
 * Adversarial Attacks", 2019): a query whose mean distance to the {@code k} nearest of its account's last
 * {@code buffer} queries, in the model's {@code features} space, is below {@code threshold} is flagged (or
 * rejected, {@code action}). The default threshold is the 0.05% quantile of benign distances for a bundled
 * Fashion-MNIST CNN with k 20 and buffers of 200 filled twice over (busy accounts: a fuller buffer holds closer
 * neighbours; docs/stateful.md, tools/bench.sh knn-calibrate). Distances are in the model's own feature units, so
 * a default exists only for the model files it was measured on ({@link #DEFAULT_THRESHOLDS}): for any other model
 * the policy must set {@code threshold}, or the defense is refused when the policy loads. Buffers are forgotten
 * after {@code retentionSeconds} idle; at most {@code maxAccounts} are kept (memory store; 100 KB each at the
 * defaults).
 */
public record KnnConfig(Integer k, Integer buffer, Double threshold, Integer retentionSeconds, Integer maxAccounts,
                        String action, Integer confirm, Integer confirmWindow) {
    public static final int DEFAULT_K = 20;
    public static final int DEFAULT_BUFFER = 200;
    /**
     * The measured default threshold of each model file it was measured on, by the file's SHA-256: the noise-trained
     * fashion-cnn-robust.onnx the default policy serves, and the plain fashion-cnn.onnx the evaluation policies use.
     */
    public static final Map<String, Double> DEFAULT_THRESHOLDS = Map.of(
            "cac2025d44589b37917931d95e94f48951d1bb8cadfb88c70167d75ac992d620", 7.89,
            "fa4ec0fd8175910b042948a258f3c1bef22bd794eaa0d65f6df2f3ce0eefdccf", 8.05);
    public static final int DEFAULT_RETENTION_SECONDS = 3600;
    public static final int DEFAULT_MAX_ACCOUNTS = 1_000;
    /**
     * A query is signalled only when it and at least {@code confirm - 1} of the account's previous
     * {@code confirmWindow - 1} queries were each close to the queries before them: an attack's queries are close
     * one after another, a benign account's rare close query stands alone (docs/stateful.md, "Honest busy clients").
     */
    public static final int DEFAULT_CONFIRM = 2;
    public static final int DEFAULT_CONFIRM_WINDOW = 5;

    public KnnConfig {
        k = k == null ? DEFAULT_K : k;
        buffer = buffer == null ? DEFAULT_BUFFER : buffer;
        retentionSeconds = retentionSeconds == null ? DEFAULT_RETENTION_SECONDS : retentionSeconds;
        maxAccounts = maxAccounts == null ? DEFAULT_MAX_ACCOUNTS : maxAccounts;
        action = action == null ? "flag" : action.trim().toLowerCase(Locale.ROOT);
        confirm = confirm == null ? DEFAULT_CONFIRM : confirm;
        confirmWindow = confirmWindow == null ? Math.max(confirm, DEFAULT_CONFIRM_WINDOW) : confirmWindow;
        if (confirm < 1) throw new IllegalArgumentException("confirm must be >= 1");
        if (confirmWindow < confirm) throw new IllegalArgumentException("confirmWindow must be >= confirm");
        if (confirmWindow > 64) throw new IllegalArgumentException("confirmWindow must be <= 64");
        if (k < 1) throw new IllegalArgumentException("k must be >= 1");
        if (buffer < k) throw new IllegalArgumentException("buffer must be >= k");
        if (buffer > 100_000) throw new IllegalArgumentException("buffer must be <= 100000");
        if (threshold != null && !(threshold > 0)) throw new IllegalArgumentException("threshold must be > 0");
        if (retentionSeconds < 1) throw new IllegalArgumentException("retentionSeconds must be >= 1");
        if (maxAccounts < 1) throw new IllegalArgumentException("maxAccounts must be >= 1");
        if (!action.equals("flag") && !action.equals("reject")) throw new IllegalArgumentException("action must be flag or reject, not '" + action + "'");
    }

    public static KnnConfig defaults() {
        return new KnnConfig(null, null, null, null, null, null, null, null);
    }

    /**
     * These settings with the threshold for a model whose file has {@code modelSha256}: the policy's, or the
     * default where it was measured; refuses (naming why) a model the default was not measured on.
     */
    public KnnConfig forModel(String modelName, String modelSha256) {
        if (threshold != null) return this;
        Double measured = modelSha256 == null ? null : DEFAULT_THRESHOLDS.get(modelSha256);
        if (measured == null) {
            throw new IllegalArgumentException("threshold is not set, and the default is a distance between the features of the bundled "
                    + "fashion-cnn model files; model '" + modelName + "' has features of its own scale: "
                    + "set threshold (a low quantile of the mean k-nearest distances of benign queries, as tools/bench.sh knn-calibrate measures)");
        }
        return new KnnConfig(k, buffer, measured, retentionSeconds, maxAccounts, action, confirm, confirmWindow);
    }

    public Duration retention() {
        return Duration.ofSeconds(retentionSeconds);
    }
}
