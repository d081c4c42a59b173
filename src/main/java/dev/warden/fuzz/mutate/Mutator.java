package dev.warden.fuzz.mutate;

import java.util.SplittableRandom;

/** One kind of mutation: draws its parameters within the limits, and applies them (pure, deterministic). */
public interface Mutator {
    String kind();

    Mutation draw(SplittableRandom random, MutationLimits limits, InputSpace space);

    /** A new array: the input mutated and clipped to the input range. */
    double[] apply(double[] input, Mutation m, InputSpace space);
}
