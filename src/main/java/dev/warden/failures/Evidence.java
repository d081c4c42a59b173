package dev.warden.failures;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What makes a failure reproducible: the input tensors, the expected and observed outputs (JSON, by
 * convention {@code {"label": 3, "name": "Dress"}} and optionally {@code "scores"}), the threat model
 * the attacker worked under, and the attack parameters.
 */
public record Evidence(List<EvidenceInput> inputs, JsonNode expected, JsonNode observed, String threatModel,
                       AttackParams attack) {
    public Evidence {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    public static Evidence none() {
        return new Evidence(List.of(), null, null, null, null);
    }
}
