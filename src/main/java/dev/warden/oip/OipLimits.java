package dev.warden.oip;

/**
 * What one parsed message may make the parser allocate: {@code maxElements} tensor elements in all, JSON
 * nested at most {@code maxDepth} deep (which also bounds a tensor's rank). The body's own size bounds the
 * element count too: every element takes at least two bytes of JSON.
 */
public record OipLimits(int maxElements, int maxDepth) {
    public static final int DEFAULT_MAX_ELEMENTS = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 32;

    public OipLimits {
        if (maxElements < 1) throw new IllegalArgumentException("maxElements must be >= 1");
        if (maxDepth < 4) throw new IllegalArgumentException("maxDepth must be >= 4");
    }

    public static OipLimits defaults() {
        return new OipLimits(DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_DEPTH);
    }
}
