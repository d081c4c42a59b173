package dev.warden.failures;

/** A link about a failure: its type (source, paper, model, ...), label and URL. */
public record Reference(String type, String label, String url) {
    public Reference {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("reference url is required");
        label = label == null || label.isBlank() ? url : label;
    }
}
