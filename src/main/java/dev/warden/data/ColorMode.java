package dev.warden.data;

import java.util.Locale;

/**
 * A declared colour conversion of every image: to one grey channel (ITU-R BT.601 luma, an alpha channel
 * dropped) or to three RGB channels (a grey channel repeated, an alpha channel dropped).
 */
public enum ColorMode {
    GRAY(1), RGB(3);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }

    public static ColorMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "gray", "grey", "l" -> GRAY;
            case "rgb" -> RGB;
            default -> throw new IllegalArgumentException("color '" + text + "' is not gray or rgb");
        };
    }
}
