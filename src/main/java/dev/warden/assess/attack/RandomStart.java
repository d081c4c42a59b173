package dev.warden.assess.attack;

import java.util.SplittableRandom;

/** The first adversarial image of a decision-based attack: uniform noise, one query per try (as ART does). */
final class RandomStart {
    private RandomStart() {
    }

    static double[] find(Oracle oracle, SplittableRandom random, int tries) {
        int d = oracle.original().length;
        for (int i = 0; i < tries; i++) {
            double[] candidate = Vectors.uniform(d, random);
            if (oracle.adversarial(candidate)) return candidate;
        }
        return null;
    }
}
