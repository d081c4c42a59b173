package dev.warden.defense.query;

import dev.warden.model.ValueRange;

/**
 * How an input is fingerprinted (docs/stateful.md): {@code quantization} (the level step as a fraction of the
 * input's value range), {@code window} and {@code stride} (of the hashed windows over the flattened input),
 * {@code hashes} (S, kept per input) and {@code minTransitions} (level changes a window needs to count as
 * informative). Shared by the query detector and the known-failure defense's fingerprint matcher, so that
 * both fingerprint alike; the defaults are the measured ones.
 */
public record FingerprintSettings(double quantization, int window, int stride, int hashes, int minTransitions) {
    public static final double DEFAULT_QUANTIZATION = 0.2;
    public static final int DEFAULT_WINDOW = 20;
    public static final int DEFAULT_STRIDE = 1;
    public static final int DEFAULT_HASHES = 20;
    public static final int DEFAULT_MIN_TRANSITIONS = 3;

    public FingerprintSettings {
        if (!(quantization > 0 && quantization <= 1)) throw new IllegalArgumentException("quantization must be in (0, 1]");
        if (1 / quantization > 126) throw new IllegalArgumentException("quantization must be >= 1/126");
        if (window < 2 || window > 4096) throw new IllegalArgumentException("window must be between 2 and 4096");
        if (stride < 1 || stride > window) throw new IllegalArgumentException("stride must be between 1 and window");
        if (hashes < 1 || hashes > 256) throw new IllegalArgumentException("hashes must be between 1 and 256");
        if (minTransitions < 0 || minTransitions >= window) throw new IllegalArgumentException("minTransitions must be between 0 and window - 1");
    }

    /** Binds nullable policy fields, each absent one taking its default. */
    public static FingerprintSettings of(Double quantization, Integer window, Integer stride, Integer hashes, Integer minTransitions) {
        return new FingerprintSettings(quantization == null ? DEFAULT_QUANTIZATION : quantization,
                window == null ? DEFAULT_WINDOW : window, stride == null ? DEFAULT_STRIDE : stride,
                hashes == null ? DEFAULT_HASHES : hashes, minTransitions == null ? DEFAULT_MIN_TRANSITIONS : minTransitions);
    }

    public static FingerprintSettings defaults() {
        return of(null, null, null, null, null);
    }

    /** A fingerprinter with these settings, keyed with {@code secret} (the state store's {@value QueryFactory#SECRET}). */
    public Fingerprinter fingerprinter(ValueRange range, byte[] secret) {
        return new Fingerprinter(window, stride, hashes, minTransitions, quantization, range, secret);
    }

    /** A short name for these settings: fingerprints made with other settings do not compare. */
    public String tag() {
        return "q" + quantization + "w" + window + "s" + stride + "h" + hashes + "t" + minTransitions;
    }
}
