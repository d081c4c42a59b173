package dev.warden.failures.store;

import dev.warden.failures.FailureRecord;

/** The record an add stored, or, for a repeated idempotency key, the one its first request stored ({@code created} false). */
public record AddResult(FailureRecord record, boolean created) {
}
