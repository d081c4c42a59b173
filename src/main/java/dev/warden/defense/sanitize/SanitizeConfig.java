package dev.warden.defense.sanitize;

import java.util.List;

/**
 * Settings of input sanitization: the transforms applied, in order, to every image before the model
 * ({@code bitDepth:B}, {@code median:K}, {@code jpeg:Q}).
 */
public record SanitizeConfig(List<String> transforms) {
    public static final List<String> DEFAULT_TRANSFORMS = List.of("median:2");

    public SanitizeConfig {
        transforms = transforms == null || transforms.isEmpty() ? DEFAULT_TRANSFORMS : List.copyOf(transforms);
        parsed(transforms);
    }

    public List<Transform> parsed() {
        return parsed(transforms);
    }

    private static List<Transform> parsed(List<String> list) {
        return list.stream().map(Transform::parse).toList();
    }
}
