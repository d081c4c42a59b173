package dev.warden.defense.ood;

/** An out-of-distribution score of one feature vector (higher: farther from the benign data). Thread-safe. */
interface FeatureScorer {
    int dim();

    /** The score of the {@code dim()} features starting at {@code offset}. */
    double score(double[] features, int offset);
}
