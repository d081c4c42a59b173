package dev.warden.failures.store;

import dev.warden.failures.EvidenceInput;

/** One evidence tensor of a confirmed failure, with its canonical bytes: what the known-failure defense matches against. */
public record KnownInput(String failureId, EvidenceInput input, byte[] bytes) {
}
