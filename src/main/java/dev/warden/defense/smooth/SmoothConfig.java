package dev.warden.defense.smooth;

import java.util.Locale;

/**
 * Settings of randomized smoothing (Cohen, Rosenfeld and Kolter, "Certified Adversarial Robustness via
 * Randomized Smoothing", ICML 2019): {@code n} copies of each input with Gaussian noise of standard deviation
 * {@code sigma} (a fraction of the input's valid range, so one setting means the same for [0, 1] and 0-255
 * pixels) are classified in batches of at most {@code batch}; the answer is the base model's class when a
 * one-sided Clopper-Pearson bound at level {@code alpha} puts its share of the votes above one half, and the
 * certified L2 radius is {@code sigma x Phi^-1(lower bound)} in input units. Otherwise the query abstains:
 * refused ({@code action: reject}) or answered and flagged ({@code flag}).
 */
public record SmoothConfig(Integer n, Double sigma, Double alpha, Integer batch, String action) {
    public static final int DEFAULT_N = 32;
    public static final double DEFAULT_SIGMA = 0.25;
    public static final double DEFAULT_ALPHA = 0.001;
    public static final int DEFAULT_BATCH = 256;

    public SmoothConfig {
        n = n == null ? DEFAULT_N : n;
        sigma = sigma == null ? DEFAULT_SIGMA : sigma;
        alpha = alpha == null ? DEFAULT_ALPHA : alpha;
        batch = batch == null ? DEFAULT_BATCH : batch;
        action = action == null ? "reject" : action.trim().toLowerCase(Locale.ROOT);
        if (n < 1 || n > 10_000) throw new IllegalArgumentException("n must be between 1 and 10000, not " + n);
        if (!(sigma > 0 && sigma <= 1)) throw new IllegalArgumentException("sigma must be > 0 and <= 1 (a fraction of the input range), not " + sigma);
        if (!(alpha > 0 && alpha < 0.5)) throw new IllegalArgumentException("alpha must be > 0 and < 0.5, not " + alpha);
        if (batch < 1 || batch > 65_536) throw new IllegalArgumentException("batch must be between 1 and 65536, not " + batch);
        if (!action.equals("reject") && !action.equals("flag")) throw new IllegalArgumentException("action must be reject or flag, not '" + action + "'");
        // With n votes all for one class the bound is alpha^(1/n); it must be able to pass one half.
        if (Math.pow(alpha, 1.0 / n) <= 0.5) {
            throw new IllegalArgumentException("n " + n + " can never certify at alpha " + alpha + ": even " + n + " of " + n
                    + " votes give a lower bound of " + String.format(Locale.ROOT, "%.3f", Math.pow(alpha, 1.0 / n)) + " <= 0.5 (raise n)");
        }
    }

    public static SmoothConfig defaults() {
        return new SmoothConfig(null, null, null, null, null);
    }
}
