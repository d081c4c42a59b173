package dev.warden.failures;

import java.util.Locale;

/** Where a failure record stands: only CONFIRMED (and MITIGATED) records feed the known-failure defense. */
public enum Status {
    NEW, CONFIRMED, MITIGATED, REJECTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean blocks() {
        return this == CONFIRMED || this == MITIGATED;
    }

    public static Status parse(String text) {
        return Wire.parse(Status.class, text, "status");
    }
}
