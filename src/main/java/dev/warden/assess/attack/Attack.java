package dev.warden.assess.attack;

import java.util.SplittableRandom;

/**
 * An untargeted evasion attack on [0, 1] images. It runs against one sample through an {@link Oracle}
 * until it finishes or the oracle ends it; the oracle keeps the closest adversarial example it has seen
 * answered, so an attack returns nothing. Given the same seed and the same answers, it sends the same
 * queries.
 */
public interface Attack {
    String name();

    Needs needs();

    /** The norm its success radius is measured in. */
    Norm norm();

    void run(Oracle oracle, SplittableRandom random);
}
