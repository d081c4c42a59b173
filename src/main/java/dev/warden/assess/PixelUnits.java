package dev.warden.assess;

import dev.warden.data.Samples;
import dev.warden.guard.Reveal;
import dev.warden.model.ModelMetadata;
import dev.warden.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The attacks search in [0, 1] pixel units (their radii and clipping assume it). For a model whose input is
 * another range, e.g. UINT8 pixels in [0, 255], the samples are mapped into [0, 1] and every image sent is
 * mapped back to the model's units ({@code v = u * (max - min) + min}, rounded for integer inputs), so the
 * attacks and their eps mean the same thing for every model.
 */
public record PixelUnits(double min, double max, boolean integral, double[] mins, double[] maxs) {
    public static final PixelUnits UNIT = new PixelUnits(0, 1, false);

    public PixelUnits {
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
            throw new IllegalArgumentException("pixel range [" + min + ", " + max + "] is not min < max");
        }
        if ((mins == null) != (maxs == null) || mins != null && mins.length != maxs.length) {
            throw new IllegalArgumentException("per-element ranges need as many minima as maxima");
        }
        mins = mins == null ? null : mins.clone();
        maxs = maxs == null ? null : maxs.clone();
        for (int i = 0; mins != null && i < mins.length; i++) {
            if (!(Double.isFinite(mins[i]) && Double.isFinite(maxs[i]) && mins[i] < maxs[i])) {
                throw new IllegalArgumentException("range " + i + " [" + mins[i] + ", " + maxs[i] + "] is not min < max");
            }
        }
    }

    public PixelUnits(double min, double max, boolean integral) {
        this(min, max, integral, null, null);
    }

    /**
     * One range per element of a sample, as tabular features have (each column its own units): every feature
     * is mapped to [0, 1] on its own range, so that an attack's radius means the same fraction of each.
     */
    public static PixelUnits perElement(double[] mins, double[] maxs, boolean integral) {
        double lo = java.util.Arrays.stream(mins).min().orElse(0);
        double hi = java.util.Arrays.stream(maxs).max().orElse(1);
        return new PixelUnits(lo, hi, integral, mins, maxs);
    }

    /**
     * Per-element ranges taken from the samples themselves (each element's min and max over them), for features
     * whose declared ranges the target does not publish (OIP metadata has none), when the values are not in [0, 1]:
     * the attacks then search within the span the benign data covers. Null when the samples lie in [0, 1].
     */
    public static PixelUnits fromSamples(Samples samples, boolean integral) {
        int width = samples.image(0).length;
        double[] lo = new double[width];
        double[] hi = new double[width];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < samples.count(); i++) {
            double[] v = samples.image(i);
            for (int j = 0; j < width; j++) {
                lo[j] = Math.min(lo[j], v[j]);
                hi[j] = Math.max(hi[j], v[j]);
            }
        }
        boolean unit = true;
        for (int j = 0; j < width; j++) {
            unit &= lo[j] >= 0 && hi[j] <= 1;
            if (!(hi[j] > lo[j])) hi[j] = lo[j] + Math.max(Math.abs(lo[j]) * 1e-3, 1e-6);
        }
        return unit ? null : perElement(lo, hi, integral);
    }

    public boolean identity() {
        return min == 0 && max == 1 && !integral && mins == null;
    }

    private double lo(int i) {
        return mins == null ? min : mins[i % mins.length];
    }

    private double hi(int i) {
        return maxs == null ? max : maxs[i % maxs.length];
    }

    public double[] toModel(double[] unit) {
        if (identity()) return unit;
        double[] out = new double[unit.length];
        for (int i = 0; i < out.length; i++) {
            double v = unit[i] * (hi(i) - lo(i)) + lo(i);
            out[i] = integral ? Math.rint(v) : v;
        }
        return out;
    }

    public double[] toUnit(double[] model) {
        if (identity()) return model;
        double[] out = new double[model.length];
        for (int i = 0; i < out.length; i++) out[i] = (model[i] - lo(i)) / (hi(i) - lo(i));
        return out;
    }

    /** The samples, in model units, seen in [0, 1]. */
    public Samples unit(Samples samples) {
        if (identity()) return samples;
        return new Samples() {
            @Override
            public String source() {
                return samples.source();
            }

            @Override
            public int count() {
                return samples.count();
            }

            @Override
            public double[] image(int index) {
                return toUnit(samples.image(index));
            }

            @Override
            public boolean labelled() {
                return samples.labelled();
            }

            @Override
            public int label(int index) {
                return samples.label(index);
            }
        };
    }

    /** The target, queried with [0, 1] images that reach it in its model's units. */
    public Target unit(Target target) {
        return identity() || target == null ? target : new Scaled(target, this);
    }

    private record Scaled(Target inner, PixelUnits units) implements Target {
        @Override
        public Answer query(int account, List<double[]> images) {
            List<double[]> sent = new ArrayList<>(images.size());
            for (double[] image : images) sent.add(units.toModel(image));
            return inner.query(account, sent);
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public String model() {
            return inner.model();
        }

        @Override
        public Reveal reveals() {
            return inner.reveals();
        }

        @Override
        public long[] imageShape() {
            return inner.imageShape();
        }

        @Override
        public int classes() {
            return inner.classes();
        }

        @Override
        public String inputName() {
            return inner.inputName();
        }

        @Override
        public List<String> labels() {
            return inner.labels();
        }

        @Override
        public String modelSha256() {
            return inner.modelSha256();
        }

        @Override
        public ModelMetadata metadata() {
            return inner.metadata();
        }

        @Override
        public int accounts() {
            return inner.accounts();
        }

        @Override
        public int maxBatch() {
            return inner.maxBatch();
        }

        @Override
        public long setupQueries() {
            return inner.setupQueries();
        }

        @Override
        public Optional<Policy> policy() {
            return inner.policy();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
