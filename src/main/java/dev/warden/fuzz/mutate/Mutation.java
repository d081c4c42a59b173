package dev.warden.fuzz.mutate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One mutation with every parameter it was drawn with (noise and stickers carry their own seed), so that
 * applying the same chain to the same seed input gives the same input bit for bit.
 */
public record Mutation(String kind, Map<String, Double> params) {
    public Mutation {
        if (kind == null || kind.isBlank()) throw new IllegalArgumentException("mutation kind is required");
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static Mutation of(String kind, Object... nameValue) {
        Map<String, Double> p = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) p.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
        return new Mutation(kind, p);
    }

    public double param(String name) {
        Double v = params.get(name);
        if (v == null) throw new IllegalArgumentException(kind + " needs parameter '" + name + "'");
        return v;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(kind).append('(');
        params.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '(' ? "" : ", ").append(k).append('=')
                .append(v == Math.rint(v) ? Long.toString(v.longValue()) : String.format(java.util.Locale.ROOT, "%.3f", v)));
        return b.append(')').toString();
    }
}
