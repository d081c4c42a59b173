package dev.warden.defense.validate;

/**
 * Settings of input validation: the largest batch accepted, whether values must lie in the model's
 * declared input range, and how far outside it (absolute) is still tolerated.
 */
public record ValidateConfig(Integer maxBatch, Boolean checkRange, Double rangeTolerance) {
    public static final int DEFAULT_MAX_BATCH = 64;

    public ValidateConfig {
        maxBatch = maxBatch == null ? DEFAULT_MAX_BATCH : maxBatch;
        checkRange = checkRange == null || checkRange;
        rangeTolerance = rangeTolerance == null ? 0.0 : rangeTolerance;
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1");
        if (!(rangeTolerance >= 0)) throw new IllegalArgumentException("rangeTolerance must be >= 0");
    }

    public static ValidateConfig defaults() {
        return new ValidateConfig(null, null, null);
    }
}
