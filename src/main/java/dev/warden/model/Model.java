package dev.warden.model;

import dev.warden.tensor.Tensor;
import java.util.Map;

/**
 * A model maps named input tensors to named output tensors. Implementations are thread-safe and take
 * batches (the first dimension of every input). Inputs are expected to be valid already: the guard's
 * {@code validate} defense checks them against {@link #metadata()} first.
 */
public interface Model extends AutoCloseable {
    ModelMetadata metadata();

    /** Runs inference; returns outputs by name in the model's output order. */
    Map<String, Tensor> infer(Map<String, Tensor> inputs);

    /**
     * Whether the model can answer now (readiness). In-process models always can; a remote one answers from a
     * recent probe of its backend and never blocks the caller.
     */
    default boolean ready() {
        return true;
    }

    @Override
    default void close() {
    }
}
