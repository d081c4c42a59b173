package dev.warden.runtime;

import dev.warden.guard.Decision;
import dev.warden.oip.InferResponse;
import dev.warden.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An answered query: the model name and the version that answered, the request id, the outputs the
 * account's tier may see, the response parameters (e.g. {@code withheld}) and the guard's decision.
 */
public record InferenceResult(String model, String version, String id, List<Tensor> outputs,
                              Map<String, Object> parameters, Decision decision) {
    public InferenceResult {
        outputs = List.copyOf(outputs);
        parameters = parameters == null ? Map.of() : parameters;
    }

    /** The OIP v2 response a front end encodes. */
    public InferResponse response() {
        return new InferResponse(model, version, id, parameters, outputs);
    }
}
