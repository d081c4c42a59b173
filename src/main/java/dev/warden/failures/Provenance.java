package dev.warden.failures;

/** Where an imported record came from (a feed URL, a bundle, an AVID file) and its id there. Null for local records. */
public record Provenance(String origin, String originId) {
    public Provenance {
        if (origin == null || origin.isBlank()) throw new IllegalArgumentException("provenance origin is required");
    }
}
