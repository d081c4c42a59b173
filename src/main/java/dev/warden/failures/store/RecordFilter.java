package dev.warden.failures.store;

import dev.warden.failures.FailureClass;
import dev.warden.failures.Status;

/**
 * Which records a listing returns: optional status, class and model; ids after {@code afterId} in id
 * order (for paging a feed); at most {@code limit}.
 */
public record RecordFilter(Status status, FailureClass failureClass, String model, String afterId, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public RecordFilter {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }

    public static RecordFilter all(int limit) {
        return new RecordFilter(null, null, null, null, limit);
    }

    public RecordFilter after(String id) {
        return new RecordFilter(status, failureClass, model, id, limit);
    }
}
