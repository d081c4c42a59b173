package dev.warden.update;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One gate's verdict: its policy name, the figure it read (null: not measured yet), the limit, and whether it passed. */
record GateVerdict(String gate, String figureName, Double figure, double limit, boolean atMost, boolean passed) {
    static GateVerdict atMost(String gate, String figureName, Double figure, double limit) {
        return new GateVerdict(gate, figureName, figure, limit, true, figure == null || figure <= limit + 1e-12);
    }

    static GateVerdict atLeast(String gate, String figureName, Double figure, double limit) {
        return new GateVerdict(gate, figureName, figure, limit, false, figure == null || figure >= limit - 1e-12);
    }

    /** E.g. {@code maxNegativeFlipRate: negative_flip_rate 0.0815 > 0.0500}. */
    String message() {
        if (figure == null) return gate + ": " + figureName + " not measured yet (limit " + fmt(limit) + ")";
        String op = passed ? (atMost ? "<=" : ">=") : (atMost ? ">" : "<");
        return gate + ": " + figureName + " " + fmt(figure) + " " + op + " " + fmt(limit);
    }

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gate", gate);
        out.put("figure", figureName);
        out.put("value", figure);
        out.put("limit", limit);
        out.put("passed", passed);
        out.put("message", message());
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
