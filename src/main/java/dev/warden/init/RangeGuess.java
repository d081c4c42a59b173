package dev.warden.init;

import dev.warden.data.Samples;
import dev.warden.model.Layout;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A valid range for an input the model declares none for, guessed by {@code warden init} from the benign data, so
 * that {@code validate}, {@code query} and {@code known-failure} can run. Written into the sidecar with a line
 * saying it was guessed: the user corrects it there. Tabular features get one range each (the data's min and max
 * widened by {@link #MARGIN} of the span: unseen benign rows fall a little outside the sample's extremes); an
 * image gets one envelope, [0, 1] or [0, 255] when its values lie there (pixels), else the data's widened span.
 */
record RangeGuess(List<ValueRange> ranges, String how) {
    static final double MARGIN = 0.1;

    /** The guess for the model's only input, or null when it has a range, several inputs, or no data to go by. */
    static RangeGuess of(ModelMetadata meta, Samples samples) {
        if (samples == null || meta.inputs().size() != 1 || samples.count() == 0) return null;
        TensorSpec in = meta.inputs().get(0);
        var domain = meta.domain(in.name());
        if (domain != null && !domain.ranges().isEmpty()) return null;
        int n = samples.count();
        int width = samples.image(0).length;
        double[] min = new double[width];
        double[] max = new double[width];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            double[] v = samples.image(i);
            for (int j = 0; j < width; j++) {
                min[j] = Math.min(min[j], v[j]);
                max[j] = Math.max(max[j], v[j]);
            }
        }
        if (domain != null && domain.layout() == Layout.FEATURES) {
            List<ValueRange> ranges = new ArrayList<>();
            for (int j = 0; j < width; j++) ranges.add(widened(min[j], max[j]));
            return new RangeGuess(ranges, String.format(Locale.ROOT, "guessed from %d rows of the data: each feature's min and max, "
                    + "widened by %.0f%% of its span", n, MARGIN * 100));
        }
        double lo = java.util.Arrays.stream(min).min().orElseThrow();
        double hi = java.util.Arrays.stream(max).max().orElseThrow();
        if (lo >= 0 && hi <= 1) return new RangeGuess(List.of(new ValueRange(0, 1)), "guessed from the data: its values are pixels in [0, 1]");
        if (lo >= 0 && hi <= 255) return new RangeGuess(List.of(new ValueRange(0, 255)), "guessed from the data: its values are pixels in [0, 255]");
        return new RangeGuess(List.of(widened(lo, hi)), String.format(Locale.ROOT, "guessed from %d samples of the data: their min and "
                + "max, widened by %.0f%% of the span", n, MARGIN * 100));
    }

    private static ValueRange widened(double lo, double hi) {
        double span = hi - lo;
        double pad = span > 0 ? span * MARGIN : Math.max(Math.abs(lo) * MARGIN, 1e-6);
        double min = lo - pad;
        if (lo >= 0 && min < 0) min = 0; // a measurement that is never negative in the data stays non-negative
        return new ValueRange(round(min, false), round(hi + pad, true));
    }

    /** Four significant digits, rounded outwards, so that the sidecar stays readable and the range only grows. */
    private static double round(double v, boolean up) {
        if (v == 0) return 0;
        double scale = Math.pow(10, 3 - Math.floor(Math.log10(Math.abs(v))));
        return (up ? Math.ceil(v * scale) : Math.floor(v * scale)) / scale;
    }

    List<Double> single() {
        return ranges.size() == 1 ? List.of(ranges.get(0).min(), ranges.get(0).max()) : null;
    }

    List<List<Double>> perFeature() {
        return ranges.size() == 1 ? null : ranges.stream().map(r -> List.of(r.min(), r.max())).toList();
    }

    String describe() {
        return ranges.size() == 1 ? "[" + ranges.get(0).min() + ", " + ranges.get(0).max() + "] (" + how + ")"
                : ranges.size() + " per feature (" + how + ")";
    }
}
