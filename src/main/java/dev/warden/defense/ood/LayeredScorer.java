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

    LayeredScorer(List<Part> parts, int[] chw, int pool, FeatureTransform transform) {
        this.parts = List.copyOf(parts);
        this.chw = chw;
        this.pool = pool;
        this.transform = transform;
    }

    int featuresDim() {
        for (Part p : parts) if (p.layer() == OodLayer.FEATURES) return p.scorer().dim();
        return 0;
    }

    /** The combined score of image {@code row}: {@code input} is the flat input batch, {@code features} the flat features. */
    double score(double[] input, double[] features, int row) {
        double worst = Double.NEGATIVE_INFINITY;
        for (Part p : parts) {
            double s = p.layer() == OodLayer.FEATURES ? featuresScore(p.scorer(), features, row)
                    : p.scorer().score(OodLayer.pooled(input, row, chw, pool), 0);
            worst = Math.max(worst, s / p.scale());
        }
        return worst;
    }

    /** Untransformed features are scored where they lie; only a transform needs a copy. */
    private double featuresScore(FeatureScorer scorer, double[] features, int row) {
        int dim = scorer.dim();
        return transform == FeatureTransform.NONE ? scorer.score(features, row * dim)
                : scorer.score(transform.apply(features, row * dim, dim), 0);
    }
}
