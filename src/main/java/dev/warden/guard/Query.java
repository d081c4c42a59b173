package dev.warden.guard;

import dev.warden.tensor.Tensor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One inference request as the guard sees it. {@code streamId} and {@code frameIndex} are set for frames of
 * a stream (from the OIP request parameters {@code stream_id} and {@code frame_index}), else null.
 * {@code requestedOutputs} is empty when the client asked for all outputs.
 */
public record Query(String id, String model, Account account, Map<String, Tensor> inputs, Instant arrival,
                    String streamId, Long frameIndex, List<String> requestedOutputs) {
    public Query {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(arrival, "arrival");
        requestedOutputs = requestedOutputs == null ? List.of() : List.copyOf(requestedOutputs);
    }

    public static Query of(String model, Account account, Map<String, Tensor> inputs, Instant arrival) {
        return new Query(null, model, account, inputs, arrival, null, null, List.of());
    }
}
