package dev.warden.failures;

import java.util.regex.Pattern;

/** Failure ids, {@code WFD-YYYY-NNNNN}: the year the record was made and a per-year sequence. Never reused. */
public final class FailureId {
    public static final Pattern PATTERN = Pattern.compile("WFD-(\\d{4})-(\\d{5,})");

    private FailureId() {
    }

    public static String of(int year, long sequence) {
        if (sequence < 1) throw new IllegalArgumentException("sequence must be >= 1");
        return String.format("WFD-%04d-%05d", year, sequence);
    }

    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    public static String require(String id) {
        if (!isValid(id)) throw new IllegalArgumentException("not a failure id: '" + id + "' (WFD-YYYY-NNNNN)");
        return id;
    }

    public static int year(String id) {
        return Integer.parseInt(require(id).substring(4, 8));
    }

    public static long sequence(String id) {
        return Long.parseLong(require(id).substring(9));
    }
}
