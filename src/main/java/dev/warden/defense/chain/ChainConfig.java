package dev.warden.defense.chain;

import java.util.List;
import java.util.Map;

/**
 * A model chain after the guarded model: {@code contract} is what the guarded model's outputs must keep
 * before they feed the first stage; each stage names a model of the policy, maps each of its inputs to an
 * output of the stage before ({@code inputs: {stageInput: previousOutput}}), and has its own contract.
 */
public record ChainConfig(List<OutputContract> contract, List<Stage> stages) {
    public record Stage(String model, Map<String, String> inputs, List<OutputContract> contract) {
        public Stage {
            if (model == null || model.isBlank()) throw new IllegalArgumentException("model is required");
            if (inputs == null || inputs.isEmpty()) throw new IllegalArgumentException("inputs is required: {stageInput: previousOutput}");
            inputs = Map.copyOf(inputs);
            contract = contract == null ? List.of() : List.copyOf(contract);
        }
    }

    public ChainConfig {
        contract = contract == null ? List.of() : List.copyOf(contract);
        if (stages == null || stages.isEmpty()) throw new IllegalArgumentException("stages: at least one stage is required");
        stages = List.copyOf(stages);
    }
}
