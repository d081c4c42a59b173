package dev.warden.oip;

import dev.warden.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An OIP v2 inference request. {@code outputs} lists the requested output names, or is empty for all.
 * {@code parameters} are the request-level parameters (Warden reads {@code stream_id} and {@code frame_index}).
 */
public record InferRequest(String id, Map<String, Object> parameters, List<Tensor> inputs, List<String> outputs) {
    public InferRequest {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        inputs = List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
