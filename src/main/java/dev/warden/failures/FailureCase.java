package dev.warden.failures;

import java.util.Map;

/** A failure record with the bytes of its evidence tensors, by SHA-256: what a store inserts or a bundle carries. */
public record FailureCase(FailureRecord record, Map<String, byte[]> blobs) {
    public FailureCase {
        blobs = Map.copyOf(blobs);
        for (EvidenceInput in : record.evidence().inputs()) {
            byte[] bytes = blobs.get(in.sha256());
            if (bytes == null) throw new IllegalArgumentException("evidence " + in.name() + ": no bytes for sha256 " + in.sha256());
        }
        blobs.forEach((sha, bytes) -> {
            if (!TensorBytes.sha256(bytes).equals(sha)) throw new IllegalArgumentException("evidence bytes do not hash to " + sha);
        });
    }
}
