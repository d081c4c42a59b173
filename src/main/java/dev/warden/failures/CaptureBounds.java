package dev.warden.failures;

/**
 * The overall bound on captured candidates: at most {@code maxRecords} records and {@code maxBytes} bytes (evidence
 * JSON plus evidence blobs) whose reporter starts with {@code reporterPrefix} and that nobody reviewed (status new).
 * Reviewed, confirmed, imported and hand-recorded records are outside it and never pruned for it.
 */
public record CaptureBounds(String reporterPrefix, int maxRecords, long maxBytes) {
    public CaptureBounds {
        if (reporterPrefix == null || reporterPrefix.isEmpty() || reporterPrefix.contains("%") || reporterPrefix.contains("_")) {
            throw new IllegalArgumentException("reporterPrefix must be a plain, non-empty prefix");
        }
        if (maxRecords < 1) throw new IllegalArgumentException("maxRecords must be >= 1");
        if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be >= 1");
    }
}
