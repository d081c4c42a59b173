package dev.warden.policy;

import java.nio.file.Path;

/**
 * The policy's {@code failures} section: the failure database's JDBC URL (a relative SQLite path is taken
 * from the policy file's folder; absent, {@code warden-data/failures.db} under the Warden home), how often
 * a server looks for newly confirmed failures, and whether flagged or rejected queries are captured as
 * candidates, through a queue of what size, at most how many per account and hour (an attack's thousands of
 * refused queries are near-copies of each other: its first candidates tell the story, the rest would only fill
 * the database), and how many captured candidates nobody reviewed the database may hold overall, in records and in
 * bytes (evidence JSON plus evidence tensors): past either, the oldest are pruned to make room, so that many
 * accounts together cannot grow the database without end. Capture settings are read once at server start.
 */
public record FailuresSettings(String url, Long refreshMillis, Boolean capture, Integer captureQueue, Integer capturePerAccountPerHour,
                               Integer captureMaxRecords, Long captureMaxBytes) {
    public static final String DEFAULT_FILE = "warden-data/failures.db";
    public static final long DEFAULT_REFRESH_MILLIS = 1_000;
    public static final int DEFAULT_CAPTURE_QUEUE = 1_024;
    public static final int DEFAULT_CAPTURE_PER_ACCOUNT_PER_HOUR = 100;
    /** More candidates than triage gets through; what one takes is measured in docs/failures.md. */
    public static final int DEFAULT_CAPTURE_MAX_RECORDS = 10_000;
    public static final long DEFAULT_CAPTURE_MAX_BYTES = 64L * 1024 * 1024;
    static final long MIN_CAPTURE_MAX_BYTES = 64L * 1024;

    public FailuresSettings {
        if (url != null && !(url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException("url must start with jdbc:sqlite: or jdbc:postgresql:");
        }
        refreshMillis = refreshMillis == null ? DEFAULT_REFRESH_MILLIS : refreshMillis;
        if (refreshMillis < 10) throw new IllegalArgumentException("refreshMillis must be >= 10");
        capture = capture == null || capture;
        captureQueue = captureQueue == null ? DEFAULT_CAPTURE_QUEUE : captureQueue;
        if (captureQueue < 1 || captureQueue > 1_000_000) throw new IllegalArgumentException("captureQueue must be between 1 and 1000000");
        capturePerAccountPerHour = capturePerAccountPerHour == null ? DEFAULT_CAPTURE_PER_ACCOUNT_PER_HOUR : capturePerAccountPerHour;
        if (capturePerAccountPerHour < 1 || capturePerAccountPerHour > 1_000_000) {
            throw new IllegalArgumentException("capturePerAccountPerHour must be between 1 and 1000000");
        }
        captureMaxRecords = captureMaxRecords == null ? DEFAULT_CAPTURE_MAX_RECORDS : captureMaxRecords;
        if (captureMaxRecords < 1 || captureMaxRecords > 10_000_000) throw new IllegalArgumentException("captureMaxRecords must be between 1 and 10000000");
        captureMaxBytes = captureMaxBytes == null ? DEFAULT_CAPTURE_MAX_BYTES : captureMaxBytes;
        if (captureMaxBytes < MIN_CAPTURE_MAX_BYTES) {
            throw new IllegalArgumentException("captureMaxBytes must be >= " + MIN_CAPTURE_MAX_BYTES + " (64 KiB)");
        }
    }

    public static FailuresSettings defaults() {
        return new FailuresSettings(null, null, null, null, null, null, null);
    }

    /** The JDBC URL with a relative SQLite path made absolute against {@code baseDir}. */
    public String resolvedUrl(Path baseDir) {
        if (url == null) return "jdbc:sqlite:" + home().resolve(DEFAULT_FILE);
        return resolveSqlite(url, baseDir);
    }

    public static String resolveSqlite(String jdbcUrl, Path baseDir) {
        if (!jdbcUrl.startsWith("jdbc:sqlite:")) return jdbcUrl;
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        if (path.isEmpty() || path.startsWith(":") || path.startsWith("file:") || Path.of(path.split("\\?")[0]).isAbsolute()) return jdbcUrl;
        return "jdbc:sqlite:" + baseDir.resolve(path).normalize();
    }

    public static Path home() {
        return Path.of(System.getProperty("warden.home", ".")).toAbsolutePath().normalize();
    }
}
