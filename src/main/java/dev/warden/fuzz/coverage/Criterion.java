package dev.warden.fuzz.coverage;

/**
 * A coverage criterion over the neuron vector of each input (DeepGauge, Ma et al., ASE 2018; DeepXplore,
 * Pei et al., SOSP 2017). Inputs are added one at a time; coverage only grows.
 */
public interface Criterion {
    /** The short name reports use: nc, kmnc, nbc, snac, tknc. */
    String name();

    /** Adds one input's neurons; true when it covered something no earlier input did. */
    boolean add(float[] neurons);

    /** Covered items over all items, in [0, 1]. */
    double value();

    /** Covered items (the numerator of {@link #value()}). */
    long covered();
}
