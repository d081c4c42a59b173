package dev.warden.runtime;

/**
 * Told about every request once it is done, with the version that answered (or would have) and its outcome
 * ({@code allow}, {@code flag}, {@code reject}, ..., or the refusal status such as {@code backend_failed}); a
 * canary's health checks read it. Called on the request thread: it must be quick and never throw.
 */
public interface RequestObserver {
    RequestObserver NONE = (model, version, outcome, nanos) -> { };

    void completed(String model, String version, String outcome, long nanos);
}
