package dev.warden.assess;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the OARS adversary (after Feng et al., "Stateful Defenses for Machine Learning Models Are Not Yet
 * Secure Against Black-box Attacks", CCS 2023): it reads the defense's rejections as an oracle. Every query the
 * attack proposes is sent disguised with fresh uniform noise of +-scale per pixel; the scale starts at
 * {@code start}, is multiplied by {@code grow} (up to {@code cap}) after each rejection as an attack (the reason
 * {@value #ATTACK_REASON} that Warden's stateful detectors give, or images withheld from a batch) and by {@code shrink} (down
 * to {@code floor}) after each answered request, so the attack runs with about the smallest disguise the defense
 * tolerates. A rejected proposal is resampled (sent again with a fresh noise draw at the grown scale), at most
 * {@code retries} times, before it counts as refused to the attack. A rejection for another reason (out of
 * distribution, degraded, invalid) is the attack's answer as it is: noise does not fix it.
 */
public record Oars(double start, double grow, double shrink, double floor, double cap, int retries) {
    /** The refusal reason of the query and knn detectors: the rejections OARS learns from. */
    public static final String ATTACK_REASON = "query_attack";
    public static final Oars DEFAULT = new Oars(0.01, 1.5, 0.9, 0.002, 0.1, 10);
    private static final java.util.List<String> KEYS = java.util.List.of("start", "grow", "shrink", "floor", "cap", "retries");

    public Oars {
        if (!(start > 0 && start <= 0.5)) throw bad("start", start, "must be in (0, 0.5] (noise per pixel, images in [0, 1])");
        if (!(grow > 1 && grow <= 10)) throw bad("grow", grow, "must be in (1, 10] (the noise grows after a rejection)");
        if (!(shrink > 0 && shrink < 1)) throw bad("shrink", shrink, "must be in (0, 1) (the noise shrinks after an answer)");
        if (!(floor > 0 && floor <= start)) throw bad("floor", floor, "must be in (0, start=" + start + "]");
        if (!(cap >= start && cap <= 0.5)) throw bad("cap", cap, "must be in [start=" + start + ", 0.5]");
        if (retries < 0 || retries > 1000) throw bad("retries", retries, "must be in [0, 1000]");
    }

    private static IllegalArgumentException bad(String key, double value, String why) {
        return new IllegalArgumentException(String.format(Locale.ROOT, "OARS %s=%s %s", key, trim(value), why));
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Settings written as {@code key=value,...} over the defaults (keys: start, grow, shrink, floor, cap, retries);
     * empty or {@code default}: the defaults.
     */
    public static Oars parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty() || s.equals("default")) return DEFAULT;
        Map<String, String> given = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            String[] kv = part.split("=", -1);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException("OARS setting '" + part.trim() + "' is not key=value (keys: " + String.join(", ", KEYS) + ")");
            }
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            if (!KEYS.contains(key)) throw new IllegalArgumentException("unknown OARS setting '" + kv[0].trim() + "' (known: " + String.join(", ", KEYS) + ")");
            if (given.put(key, kv[1].trim()) != null) throw new IllegalArgumentException("OARS setting '" + key + "' given twice");
        }
        return new Oars(number(given, "start", DEFAULT.start), number(given, "grow", DEFAULT.grow),
                number(given, "shrink", DEFAULT.shrink), number(given, "floor", DEFAULT.floor), number(given, "cap", DEFAULT.cap),
                whole(given, "retries", DEFAULT.retries));
    }

    private static double number(Map<String, String> given, String key, double fallback) {
        String v = given.get(key);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("OARS " + key + "='" + v + "' is not a number");
        }
    }

    private static int whole(Map<String, String> given, String key, int fallback) {
        String v = given.get(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("OARS " + key + "='" + v + "' is not a whole number");
        }
    }

    public String describe() {
        return String.format(Locale.ROOT, "OARS: noise from +-%s, x%s per rejection up to %s, x%s per answer down to %s, %d resamples per query",
                trim(start), trim(grow), trim(cap), trim(shrink), trim(floor), retries);
    }
}
