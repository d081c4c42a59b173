package dev.warden.assess.attack;

import java.util.SplittableRandom;

/**
 * The first adversarial image of a decision-based attack. With natural images to hand ({@link Oracle#naturalImages}),
 * they are tried in a random order, one query each, as an adversary who knows an out-of-distribution detector is on
 * would (ART's {@code x_adv_init}); otherwise uniform noise, as ART does by default ({@link RandomStart}).
 */
final class Start {
    private Start() {
    }

    static double[] find(Oracle oracle, SplittableRandom random, int tries) {
        var natural = oracle.naturalImages();
        if (natural.isEmpty()) return RandomStart.find(oracle, random, tries);
        int n = natural.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < Math.min(tries, n); i++) {
            double[] candidate = natural.get(order[i]).clone();
            if (oracle.adversarial(candidate)) return candidate;
        }
        return null;
    }
}
