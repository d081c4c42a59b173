package dev.warden.assess.attack;

import java.util.List;

/**
 * What an attack may ask of its target for one sample: the predicted class or the class probabilities of a
 * batch of images. Every image is one query. An answer the target refused comes back as "not adversarial"
 * ({@link #adversarial}) or a null row ({@link #probabilities}). When the budget is spent, the sample is
 * done, or the adversary gives up, the oracle throws {@link OracleExhausted} and the attack ends.
 */
public interface Oracle {
    /** The image under attack, flat, values in [0, 1]. A copy. */
    double[] original();

    /** Its true class. */
    int label();

    int classes();

    /** Channels, height and width of one image (1 for missing leading dimensions). */
    int[] chw();

    /** For each image: whether the target's answer differs from the true class. */
    boolean[] adversarial(List<double[]> images);

    /** For each image: class probabilities, or null where the target refused to answer. */
    double[][] probabilities(List<double[]> images);

    default boolean adversarial(double[] image) {
        return adversarial(List.of(image))[0];
    }

    default double[] probabilities(double[] image) {
        return probabilities(List.of(image))[0];
    }

    /**
     * Natural images the adversary holds besides the one attacked (values in [0, 1]): an adversary that knows the
     * defenses starts a decision-based attack from one of these, which an out-of-distribution detector passes,
     * instead of from noise, which it refuses. Empty: start from noise.
     */
    default List<double[]> naturalImages() {
        return List.of();
    }
}
