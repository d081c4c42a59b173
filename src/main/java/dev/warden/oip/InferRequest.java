package dev.warden.oip;

import dev.warden.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An OIP v2 inference request. {@code outputs} lists the requested output names, or is empty for all.
 * {@code parameters} are the request-level parameters (Warden reads {@code stream_id} and {@code frame_index}).
 * {@code binaryOutputs} holds each requested output's {@code parameters.binary_data} where the request gives it.
 */
public record InferRequest(String id, Map<String, Object> parameters, List<Tensor> inputs, List<String> outputs,
                           Map<String, Boolean> binaryOutputs) {
    public InferRequest {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        inputs = List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        binaryOutputs = binaryOutputs == null ? Map.of() : Map.copyOf(binaryOutputs);
    }

    public InferRequest(String id, Map<String, Object> parameters, List<Tensor> inputs, List<String> outputs) {
        this(id, parameters, inputs, outputs, Map.of());
    }

    /**
     * Whether the answer carries output {@code name} as raw bytes (binary tensor extension): its own
     * {@code binary_data} parameter if given, else the request's {@code binary_data_output}.
     */
    public boolean wantsBinary(String name) {
        Boolean own = binaryOutputs.get(name);
        return own != null ? own : Boolean.TRUE.equals(parameters.get("binary_data_output"));
    }
}
