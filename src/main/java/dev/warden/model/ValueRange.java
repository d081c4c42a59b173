package dev.warden.model;

/** The closed interval of values a model's inputs are valid in, e.g. [0, 1] for normalised pixels. */
public record ValueRange(double min, double max) {
    public ValueRange {
        if (!(min <= max) || Double.isNaN(min) || Double.isNaN(max)) {
            throw new IllegalArgumentException("input range must have min <= max, got [" + min + ", " + max + "]");
        }
    }

    public boolean contains(double v) {
        return v >= min && v <= max;
    }
}
