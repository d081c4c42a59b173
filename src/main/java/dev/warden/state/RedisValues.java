package dev.warden.state;

import java.nio.charset.StandardCharsets;

/** Reading script replies, which come back as Long, String or byte[] depending on the call. */
final class RedisValues {
    private RedisValues() {
    }

    static String text(Object value) {
        if (value == null) return "";
        if (value instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        return value.toString();
    }

    static long number(Object value) {
        if (value instanceof Long l) return l;
        return Long.parseLong(text(value));
    }
}
