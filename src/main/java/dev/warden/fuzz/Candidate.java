package dev.warden.fuzz;

import dev.warden.fuzz.mutate.Mutation;
import java.util.List;

/** A seed input (its index and label) with the mutation chain applied to it, and the input that gives. */
record Candidate(int seedIndex, int label, List<Mutation> chain, double[] input) {
    Candidate {
        chain = List.copyOf(chain);
    }
}
