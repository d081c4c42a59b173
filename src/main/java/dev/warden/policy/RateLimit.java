package dev.warden.policy;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * Per-account rate limit as a token bucket that counts images: a request of a batch of n images takes n tokens.
 * {@code imagesPerSecond} is the sustained rate, {@code burst} the bucket's size in images (at least one full
 * batch). A request of more images than {@code burst} is admitted only when the bucket is full and leaves it
 * that many images in debt, so the sustained rate holds whatever the batch size. {@code requestsPerSecond}, the
 * former name, is still read, as images per second.
 */
public record RateLimit(Boolean enabled, @JsonAlias("requestsPerSecond") Double imagesPerSecond, Integer burst) {
    public static final double DEFAULT_IMAGES_PER_SECOND = 100;
    public static final int DEFAULT_BURST = 200;

    public RateLimit {
        enabled = enabled == null || enabled;
        imagesPerSecond = imagesPerSecond == null ? DEFAULT_IMAGES_PER_SECOND : imagesPerSecond;
        burst = burst == null ? DEFAULT_BURST : burst;
        if (!(imagesPerSecond > 0) || imagesPerSecond.isInfinite()) throw new IllegalArgumentException("imagesPerSecond must be > 0");
        if (burst < 1) throw new IllegalArgumentException("burst must be >= 1");
    }

    public static RateLimit defaults() {
        return new RateLimit(null, null, null);
    }

    /** Nanoseconds for the bucket to earn one image. */
    public double nanosPerImage() {
        return 1e9 / imagesPerSecond;
    }
}
