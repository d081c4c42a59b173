package dev.warden.failures;

import java.util.Locale;

/** How bad a failure is, on CVSS's qualitative scale; UNKNOWN when the source does not say. */
public enum Severity {
    UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String text) {
        return Wire.parse(Severity.class, text, "severity");
    }
}
