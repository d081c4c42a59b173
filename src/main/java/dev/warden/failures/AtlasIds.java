package dev.warden.failures;

import java.util.regex.Pattern;

/** MITRE ATLAS technique ids: {@code AML.T####} and sub-techniques {@code AML.T####.###}. */
public final class AtlasIds {
    public static final Pattern TECHNIQUE = Pattern.compile("AML\\.T\\d{4}(\\.\\d{3})?");

    private AtlasIds() {
    }

    public static String requireTechnique(String id) {
        if (id == null || !TECHNIQUE.matcher(id).matches()) {
            throw new IllegalArgumentException("not an ATLAS technique id: '" + id + "' (AML.T#### or AML.T####.###)");
        }
        return id;
    }
}
