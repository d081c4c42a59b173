package dev.warden.fuzz;

import java.util.Locale;

/**
 * COVERAGE: TensorFuzz/DeepHunter-style: mutate inputs from a growing corpus and keep a mutant when it
 * raises the guiding criterion. RANDOM: the same mutations on uniformly chosen seeds, chains of uniform
 * length, no feedback: the baseline guidance must beat.
 */
public enum Strategy {
    COVERAGE, RANDOM;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Strategy parse(String s) {
        for (Strategy x : values()) if (x.wire().equals(s)) return x;
        throw new IllegalArgumentException("--strategy must be coverage or random, not '" + s + "'");
    }
}
