package dev.warden.cli;

import dev.warden.policy.ModelConfig;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import java.nio.file.Path;

/** The ONNX file a policy's first model serves: what a bench's bare side must run to compare like with like. */
final class PolicyModelFile {
    private PolicyModelFile() {
    }

    /** The first model's file; fails naming the policy when that model is not an embedded ONNX one. */
    static Path of(Path policyFile) {
        Policy policy = PolicyLoader.load(policyFile);
        ModelConfig first = policy.models().get(0);
        if (!"onnx".equals(first.backend())) {
            throw new IllegalArgumentException(policyFile + ": its first model '" + first.name() + "' is not an embedded ONNX model ("
                    + first.backend() + "), so there is no file for the bare side");
        }
        return policy.resolve(first.path());
    }
}
