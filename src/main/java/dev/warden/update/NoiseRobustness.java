package dev.warden.update;

import dev.warden.model.InputDomain;
import dev.warden.model.Layout;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import dev.warden.tensor.ColumnStripes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How often each version keeps its own label when every column of an image moves by a random +-epsilon: Square's
 * first query (Andriushchenko et al. 2020), which on a model not trained for it wins before any stateful
 * defense has seen a pattern (docs/stateful.md). A candidate that keeps fewer labels hands an attacker back
 * those first-query wins, whatever its clean accuracy; the {@code maxNoiseRobustnessDrop} gate reads the drop.
 * Measured only for image inputs with a declared value range (epsilon is a share of it); the same draws for both.
 */
final class NoiseRobustness {
    static final double EPSILON_SHARE = 0.2;
    static final int MAX_IMAGES = 200;
    static final int DRAWS = 5;
    private static final long SEED = 1;

    private NoiseRobustness() {
    }

    static Map<String, Object> measure(Model serving, Model candidate, List<double[]> images) {
        if (unmeasurable(serving.metadata()) != null || unmeasurable(candidate.metadata()) != null || images.isEmpty()) {
            return measure(serving, candidate, images, null, null);
        }
        List<double[]> clean = images.subList(0, Math.min(MAX_IMAGES, images.size()));
        return measure(serving, candidate, images, VersionOutputs.of(serving, clean).predicted(), VersionOutputs.of(candidate, clean).predicted());
    }

    /**
     * The same, with each version's labels of {@code images} already known (the offline comparison has them): only the
     * noisy copies are inferred.
     */
    static Map<String, Object> measure(Model serving, Model candidate, List<double[]> images, int[] servingLabels, int[] candidateLabels) {
        Map<String, Object> out = new LinkedHashMap<>();
        String why = unmeasurable(serving.metadata());
        if (why == null) why = unmeasurable(candidate.metadata());
        if (why != null || images.isEmpty()) {
            out.put("measured", false);
            out.put("why", why != null ? why : "no samples");
            return out;
        }
        ModelMetadata meta = serving.metadata();
        TensorSpec in = meta.inputs().get(0);
        InputDomain domain = meta.domain(in.name());
        ValueRange range = domain.envelope();
        boolean last = domain.layout() == Layout.NHWC;
        int[] chw = last ? new int[] {(int) in.dim(3), (int) in.dim(1), (int) in.dim(2)} : new int[] {(int) in.dim(1), (int) in.dim(2), (int) in.dim(3)};
        double epsilon = EPSILON_SHARE * (range.max() - range.min());
        int n = Math.min(MAX_IMAGES, images.size());
        List<double[]> clean = images.subList(0, n);
        List<double[]> noisy = new ArrayList<>(n * DRAWS);
        SplittableRandom random = new SplittableRandom(SEED);
        for (double[] image : clean) {
            for (int d = 0; d < DRAWS; d++) noisy.add(ColumnStripes.of(image, chw, last, epsilon, range.min(), range.max(), random));
        }
        double keptOld = kept(servingLabels, VersionOutputs.of(serving, noisy));
        double keptNew = kept(candidateLabels, VersionOutputs.of(candidate, noisy));
        out.put("measured", true);
        out.put("epsilon_share", EPSILON_SHARE);
        out.put("epsilon", epsilon);
        out.put("images", n);
        out.put("draws_per_image", DRAWS);
        out.put("kept_old", keptOld);
        out.put("kept_new", keptNew);
        out.put("drop", keptOld - keptNew);
        return out;
    }

    /** Null when the model's first input is an image (NCHW or NHWC, rank 4) with a declared range; else why not. */
    static String unmeasurable(ModelMetadata meta) {
        TensorSpec in = meta.inputs().get(0);
        InputDomain domain = meta.domain(in.name());
        if (domain == null || domain.layout() == null || !domain.layout().isImage() || in.rank() != 4) {
            return "model " + meta.name() + ": input " + in.name() + " is not a declared image layout";
        }
        ValueRange r = domain.envelope();
        if (r == null || !(r.max() > r.min())) return "model " + meta.name() + ": input " + in.name() + " declares no value range";
        for (int axis = 1; axis < 4; axis++) {
            if (in.dim(axis) < 1) return "model " + meta.name() + ": input " + in.name() + " has a variable image size";
        }
        return null;
    }

    /** The share of noisy copies (DRAWS per clean image, in order) labelled as that version labelled the clean image. */
    private static double kept(int[] cleanLabels, VersionOutputs noisy) {
        int same = 0;
        for (int i = 0; i < noisy.count(); i++) if (noisy.predicted()[i] == cleanLabels[i / DRAWS]) same++;
        return (double) same / noisy.count();
    }
}
