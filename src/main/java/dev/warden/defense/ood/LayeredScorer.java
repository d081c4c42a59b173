package dev.warden.defense.ood;

import java.util.List;

/**
 * Combines per-layer OOD scores (Lee et al., 2018, feature ensemble): each layer's score divided by its
 * benign scale, the largest of them. Works on one image of a batch in place: features are read at their
 * row offset of the flat output, the input is pooled from the flat NCHW batch only when a layer needs it.
 */
final class LayeredScorer {
    record Part(OodLayer layer, FeatureScorer scorer, double scale) {
    }

    private final List<Part> parts;
    private final int[] chw;
    private final int pool;
    private final FeatureTransform transform;
    /** Per thread, the transformed features and the pooled input of the image being scored. */
    private final ThreadLocal<double[][]> scratch;

    LayeredScorer(List<Part> parts, int[] chw, int pool, FeatureTransform transform) {
        this.parts = List.copyOf(parts);
        this.chw = chw;
        this.pool = pool;
        this.transform = transform;
        int features = featuresDim();
        boolean input = false;
        for (Part p : this.parts) input |= p.layer() == OodLayer.INPUT;
        int pooled = input ? OodLayer.pooledSize(chw, pool) : 0;
        this.scratch = ThreadLocal.withInitial(() -> new double[][]{new double[features], new double[pooled]});
    }

    int featuresDim() {
        for (Part p : parts) if (p.layer() == OodLayer.FEATURES) return p.scorer().dim();
        return 0;
    }

    /** The combined score of image {@code row}: {@code input} is the flat input batch, {@code features} the flat features. */
    double score(double[] input, double[] features, int row) {
        double[][] s = scratch.get();
        double worst = Double.NEGATIVE_INFINITY;
        for (Part p : parts) {
            double score;
            if (p.layer() == OodLayer.FEATURES) {
                score = featuresScore(p.scorer(), features, row, s[0]);
            } else {
                OodLayer.pooled(input, row, chw, pool, s[1]);
                score = p.scorer().score(s[1], 0);
            }
            worst = Math.max(worst, score / p.scale());
        }
        return worst;
    }

    /** Untransformed features are scored where they lie; only a transform needs a copy (to per-thread scratch). */
    private double featuresScore(FeatureScorer scorer, double[] features, int row, double[] copy) {
        int dim = scorer.dim();
        if (transform == FeatureTransform.NONE) return scorer.score(features, row * dim);
        transform.apply(features, row * dim, dim, copy);
        return scorer.score(copy, 0);
    }
}
