package dev.warden.oip;

import dev.warden.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** An OIP v2 inference response. */
public record InferResponse(String modelName, String modelVersion, String id, Map<String, Object> parameters,
                            List<Tensor> outputs) {
    public InferResponse {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        outputs = List.copyOf(outputs);
    }
}
