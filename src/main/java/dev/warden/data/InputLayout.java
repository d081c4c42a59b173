package dev.warden.data;

import java.util.Locale;

/** How a model's input lays out one sample: channels first, channels last, or a flat feature vector. */
public enum InputLayout {
    NCHW, NHWC, FEATURES;

    /** Parses a sidecar's layout name; null for null. */
    public static InputLayout parse(String name) {
        if (name == null) return null;
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DataFormatException("layout '" + name + "' is not NCHW, NHWC or FEATURES");
        }
    }
}
