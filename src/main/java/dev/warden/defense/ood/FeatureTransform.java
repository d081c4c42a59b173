package dev.warden.defense.ood;

import java.util.Locale;

/**
 * A per-value transform of the model's features before the Gaussian is fitted and scored. Penultimate ReLU
 * features are sparse and right-skewed (three quarters zeros for the bundled CNN), far from the Gaussian that
 * a Mahalanobis distance assumes; a signed square root (power normalisation) pulls the long tail in. On the
 * bundled model it lifted rejection of rendered digits and letters from 86–90% to 93–97% at the same
 * false-positive rate (docs/defenses.md).
 */
public enum FeatureTransform {
    NONE, SQRT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transformed copy of {@code dim} values of {@code src} from {@code offset}. */
    double[] apply(double[] src, int offset, int dim) {
        double[] out = new double[dim];
        apply(src, offset, dim, out);
        return out;
    }

    /** The transformed {@code dim} values of {@code src} from {@code offset}, written to {@code out} from 0. */
    void apply(double[] src, int offset, int dim, double[] out) {
        if (this == NONE) {
            System.arraycopy(src, offset, out, 0, dim);
            return;
        }
        for (int i = 0; i < dim; i++) {
            double v = src[offset + i];
            out[i] = Math.copySign(Math.sqrt(Math.abs(v)), v);
        }
    }
}
