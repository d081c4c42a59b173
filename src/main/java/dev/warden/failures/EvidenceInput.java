package dev.warden.failures;

import dev.warden.tensor.DataType;
import java.util.List;

/**
 * One input tensor of a failure's evidence: its name, datatype and shape, and the SHA-256 of its canonical
 * bytes ({@link TensorBytes}), under which the bytes are stored once however many records share them.
 */
public record EvidenceInput(String name, DataType datatype, List<Long> shape, String sha256) {
    public EvidenceInput {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("evidence input name is required");
        if (datatype == null) throw new IllegalArgumentException("evidence input datatype is required");
        shape = List.copyOf(shape);
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("evidence sha256 must be 64 lowercase hex digits");
    }

    public long[] shapeArray() {
        return shape.stream().mapToLong(Long::longValue).toArray();
    }
}
