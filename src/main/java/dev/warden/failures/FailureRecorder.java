package dev.warden.failures;

/**
 * Where failure cases go once found: {@code warden assess} records each successful attack through this,
 * synchronously, and gets the new record's id back. The request path never calls it directly; it hands
 * candidates to the bounded {@link dev.warden.failures.capture.CaptureQueue} instead.
 */
public interface FailureRecorder {
    String record(FailureCase failure);
}
