package dev.warden.failures;

/**
 * The model a failure was seen on: its name, the versions affected (free text such as {@code "1"},
 * {@code ">=1.0 <2.0"} or {@code "*"}) and the SHA-256 of the model file when known.
 */
public record AffectedModel(String name, String versions, String sha256) {
    public AffectedModel {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("model name is required");
        versions = versions == null || versions.isBlank() ? "*" : versions;
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("model sha256 must be 64 lowercase hex digits");
        }
    }
}
