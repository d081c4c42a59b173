package dev.warden.defense.sanitize;

import java.util.Locale;

/**
 * One input transform on images in [0, 1] (Xu et al., 2018, "Feature Squeezing"; Guo et al., 2018, JPEG
 * re-encoding): {@code bitDepth:B} keeps B bits per value, {@code median:K} takes the median of each KxK
 * neighbourhood, {@code jpeg:Q} re-encodes at JPEG quality Q through ImageIO. Written as {@code kind:param}.
 */
public record Transform(Kind kind, int param) {
    public enum Kind {
        BIT_DEPTH("bitDepth", 1, 8), MEDIAN("median", 2, 5), JPEG("jpeg", 1, 100);

        final String label;
        final int min;
        final int max;

        Kind(String label, int min, int max) {
            this.label = label;
            this.min = min;
            this.max = max;
        }
    }

    public Transform {
        if (param < kind.min || param > kind.max) {
            throw new IllegalArgumentException(kind.label + " must be between " + kind.min + " and " + kind.max + ", not " + param);
        }
    }

    public static Transform parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":");
        if (parts.length != 2) throw new IllegalArgumentException("a transform is kind:param (bitDepth:4, median:2, jpeg:75), not '" + text + "'");
        for (Kind k : Kind.values()) {
            if (k.label.toLowerCase(Locale.ROOT).equals(parts[0].trim().toLowerCase(Locale.ROOT))) {
                try {
                    return new Transform(k, Integer.parseInt(parts[1].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(k.label + " takes a whole number, not '" + parts[1] + "'");
                }
            }
        }
        throw new IllegalArgumentException("unknown transform '" + parts[0] + "' (bitDepth, median, jpeg)");
    }

    /** Applies to every image of a flat NCHW batch ({@code chw} per image), in place into a new array. */
    public double[] apply(double[] batch, int[] chw) {
        return switch (kind) {
            case BIT_DEPTH -> ImageOps.bitDepth(batch, param);
            case MEDIAN -> ImageOps.median(batch, chw, param);
            case JPEG -> ImageOps.jpeg(batch, chw, param);
        };
    }

    @Override
    public String toString() {
        return kind.label + ":" + param;
    }
}
