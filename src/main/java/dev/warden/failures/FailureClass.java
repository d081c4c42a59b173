package dev.warden.failures;

import java.util.Locale;

/**
 * The small taxonomy of how an ML system failed (docs/failures.md explains each). Wire names are
 * snake_case and stable; {@link #parse} also accepts dashes and spaces.
 */
public enum FailureClass {
    DIGITAL_EVASION, PHYSICAL_INPUT, SPOOFED_INPUT, OUT_OF_DISTRIBUTION, TEMPORAL_INSTABILITY, CASCADE,
    EXTRACTION, OTHER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureClass parse(String text) {
        return Wire.parse(FailureClass.class, text, "failure class");
    }
}
