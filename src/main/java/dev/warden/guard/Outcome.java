package dev.warden.guard;

import dev.warden.tensor.Tensor;
import java.util.Map;

/** What a guarded query returns: the decision, the outputs the response may reveal, and response parameters. */
public record Outcome(Decision decision, Map<String, Tensor> outputs, Map<String, Object> parameters) {
}
