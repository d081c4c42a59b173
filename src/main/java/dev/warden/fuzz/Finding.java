package dev.warden.fuzz;

import dev.warden.fuzz.mutate.Mutation;
import dev.warden.tensor.Tensor;
import java.util.List;

/**
 * One distinct failure: the oracle, the seed's label and what was observed, and how to reproduce the input
 * (seed index, minimized mutation chain, the run's random seed); {@code input} is the OIP v2 request tensor.
 */
public record Finding(String id, Oracle oracle, int expectedLabel, int observedLabel, int seedIndex, List<Mutation> mutations,
                      long randomSeed, String strategy, Tensor input, long foundAtQuery, int originalChainLength, String detail) {
    public Finding {
        mutations = List.copyOf(mutations);
    }

    public List<String> mutationKinds() {
        return mutations.stream().map(Mutation::kind).distinct().toList();
    }
}
