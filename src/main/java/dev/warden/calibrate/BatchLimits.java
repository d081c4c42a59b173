package dev.warden.calibrate;

/**
 * How many samples go to a model in one call, and the largest request body a remote backend takes
 * ({@code maxBodyBytes} 0: no limit, for a model run in process). A batch whose request would exceed the
 * body limit is split until each part fits.
 */
public record BatchLimits(int maxBatch, long maxBodyBytes) {
    public static final int DEFAULT_BATCH = 256;
    /** Warden's own default request-body limit, a fair guess for an OIP server's unless told. */
    public static final long DEFAULT_REMOTE_BODY_BYTES = 4L * 1024 * 1024;
    public static final BatchLimits IN_PROCESS = new BatchLimits(DEFAULT_BATCH, 0);

    public BatchLimits {
        if (maxBatch < 1) throw new IllegalArgumentException("the batch size must be >= 1, got " + maxBatch);
        if (maxBodyBytes < 0) throw new IllegalArgumentException("the body limit must be >= 0 bytes, got " + maxBodyBytes);
    }
}
