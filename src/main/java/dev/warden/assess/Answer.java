package dev.warden.assess;

import java.time.Duration;

/**
 * What a target said to one request: answered (with the predicted class of each image and, when the target
 * reveals them, class probabilities), rejected (HTTP 403 or 400) or locked out (HTTP 429, with how long
 * until the account may retry).
 */
public record Answer(Status status, int[] labels, double[][] probabilities, Duration retryAfter, String reason) {
    public enum Status { ANSWERED, REJECTED, LOCKED_OUT }

    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);

    public static Answer answered(int[] labels, double[][] probabilities) {
        return new Answer(Status.ANSWERED, labels, probabilities, null, null);
    }

    public static Answer rejected(String reason) {
        return new Answer(Status.REJECTED, null, null, null, reason);
    }

    public static Answer lockedOut(Duration retryAfter, String reason) {
        return new Answer(Status.LOCKED_OUT, null, null, retryAfter == null ? DEFAULT_RETRY : retryAfter, reason);
    }

    public boolean answered() {
        return status == Status.ANSWERED;
    }
}
