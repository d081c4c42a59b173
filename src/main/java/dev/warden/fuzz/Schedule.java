package dev.warden.fuzz;

import java.util.Locale;

/**
 * How the coverage strategy picks a parent. CORPUS (TensorFuzz): from the whole corpus, half the time among
 * the mutants the run kept. SEED: first a seed uniformly, then from that seed's lineage (the seed and the
 * mutants of it the run kept), half the time among its kept mutants: the budget spreads over the seeds as
 * random's does, and feedback acts within each seed's lineage.
 */
public enum Schedule {
    CORPUS, SEED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Schedule parse(String s) {
        for (Schedule x : values()) if (x.wire().equals(s)) return x;
        throw new IllegalArgumentException("--schedule must be corpus or seed, not '" + s + "'");
    }
}
