package dev.warden.data;

/** A declared resize of every image to {@code height} x {@code width} (bilinear, half-pixel centres). Written {@code HxW}. */
public record Resize(int height, int width) {
    public static final int MAX_SIDE = 8192;

    public Resize {
        if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE) {
            throw new IllegalArgumentException("resize " + height + "x" + width + ": each side must be between 1 and " + MAX_SIDE);
        }
    }

    /** Parses {@code HxW}, e.g. {@code 32x32}. */
    public static Resize parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 2) throw new IllegalArgumentException("resize '" + text + "' is not HEIGHTxWIDTH, e.g. 32x32");
        try {
            return new Resize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("resize '" + text + "' is not HEIGHTxWIDTH, e.g. 32x32");
        }
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }
}
