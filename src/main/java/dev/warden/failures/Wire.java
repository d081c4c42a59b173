package dev.warden.failures;

import java.util.Arrays;
import java.util.Locale;

/** Parses the snake_case wire names of the failure enums, tolerating case, dashes and spaces. */
final class Wire {
    private Wire() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException(what + " is required");
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        try {
            return Enum.valueOf(type, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + what + " '" + text + "' (known: "
                    + String.join(", ", Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()) + ")");
        }
    }
}
