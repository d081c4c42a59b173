package dev.warden.data.synth;

import dev.warden.data.InputConversion;
import dev.warden.data.InputLayout;
import dev.warden.data.Samples;
import dev.warden.tensor.ColumnStripes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Out-of-distribution sets generated in any model's sample space, so that {@code evaluate ood} measures every model,
 * not only 28x28 grey ones ({@link OodSets}, whose sets and figures stay as they were for that space). Images of
 * any size and channel count, laid out as the model takes them (NCHW or NHWC), in its input range: the grey sets'
 * kinds (noise, inverted, glyphs, flat frames, Square's stripes, noisy test images), with coloured glyphs, and for
 * RGB two pipeline mistakes (channels swapped to BGR, a grey camera). Tabular rows, each feature in its own range:
 * uniform rows, rows with independent features (the marginals kept, the correlations lost), and test rows with
 * one feature in the wrong units (x10), two columns swapped, or every feature shifted by three standard
 * deviations. Every value is clipped to the valid range, so each set is one that {@code validate} lets through
 * and the OOD detector alone has to catch.
 */
public final class SpaceOodSets {
    public static final List<String> IMAGE_SETS = List.of("uniform", "gaussian", "inverted", "digits", "letters", "blank", "saturated",
            "stripes", "noisy");
    public static final List<String> RGB_SETS = List.of("bgr", "grey");
    public static final List<String> TABULAR_SETS = List.of("uniform", "independent", "units", "swapped", "shifted");
    private static final String DIGITS = "0123456789";
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final InputConversion space;
    private final double[] lo;
    private final double[] hi;

    /**
     * {@code lo}/{@code hi}: the valid range per feature for tabular inputs (null: the conversion's range, which for
     * features without declared ranges is taken from the test rows' own min and max by {@link #forFeatures}).
     */
    private SpaceOodSets(InputConversion space, double[] lo, double[] hi) {
        this.space = space;
        this.lo = lo;
        this.hi = hi;
    }

    public static SpaceOodSets forImages(InputConversion space) {
        if (space.layout() == InputLayout.FEATURES) throw new IllegalArgumentException("input '" + space.input() + "' takes features");
        return new SpaceOodSets(space, null, null);
    }

    /** Tabular sets within {@code lo}/{@code hi} per feature; null ranges: the test rows' min and max. */
    public static SpaceOodSets forFeatures(InputConversion space, double[] lo, double[] hi, Samples test) {
        if (lo == null) {
            int n = space.elements();
            lo = new double[n];
            hi = new double[n];
            java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < test.count(); i++) {
                double[] row = test.image(i);
                for (int j = 0; j < n; j++) {
                    lo[j] = Math.min(lo[j], row[j]);
                    hi[j] = Math.max(hi[j], row[j]);
                }
            }
        }
        return new SpaceOodSets(space, lo.clone(), hi.clone());
    }

    public List<String> names() {
        if (space.layout() == InputLayout.FEATURES) return TABULAR_SETS;
        List<String> names = new ArrayList<>(IMAGE_SETS);
        if (space.channels() == 3) names.addAll(RGB_SETS);
        return names;
    }

    public static String describe(String name, boolean tabular) {
        if (tabular) {
            return switch (name) {
                case "uniform" -> "each feature uniform in its valid range";
                case "independent" -> "each feature drawn from its own test distribution independently (correlations lost)";
                case "units" -> "test rows with one feature x10 (a unit mistake), clipped to its range";
                case "swapped" -> "test rows with two features swapped (a column-order mistake)";
                case "shifted" -> "test rows with every feature shifted by 3 standard deviations, clipped";
                default -> name;
            };
        }
        return switch (name) {
            case "bgr" -> "test images with the colour channels reversed (RGB read as BGR)";
            case "grey" -> "test images in grey (ITU-R BT.601 luma in every channel)";
            case "digits", "letters" -> name + " rendered from the JDK's logical fonts, in a random colour on a random colour";
            default -> OodSets.describe(name);
        };
    }

    /** {@code count} samples of set {@code name}, in the model's layout and units. */
    public List<double[]> generate(String name, int count, long seed, Samples test) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + name.hashCode());
        List<double[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] base = test.image(i % test.count());
            out.add(space.layout() == InputLayout.FEATURES ? row(name, base, test, random) : image(name, base, random));
        }
        return out;
    }

    // ---- images: generated in [0, 1] CHW, then laid out and scaled to the input's range

    private double[] image(String name, double[] modelImage, SplittableRandom random) {
        int c = space.channels(), h = space.height(), w = space.width();
        double[] x = switch (name) {
            case "uniform" -> fill(c * h * w, random::nextDouble);
            case "gaussian" -> fill(c * h * w, () -> OodSets.clip(0.5 + 0.25 * OodSets.gaussian(random)));
            case "inverted" -> map(toUnitChw(modelImage), v -> 1 - v);
            case "digits" -> glyph(DIGITS.charAt(random.nextInt(DIGITS.length())), random);
            case "letters" -> glyph(LETTERS.charAt(random.nextInt(LETTERS.length())), random);
            case "blank" -> flat(random, 0.0, 0.1);
            case "saturated" -> flat(random, 0.9, 1.0);
            case "stripes" -> ColumnStripes.of(toUnitChw(modelImage), new int[]{c, h, w}, 0.2, random);
            case "noisy" -> map(toUnitChw(modelImage), v -> OodSets.clip(v + random.nextDouble(-0.2, 0.2)));
            case "bgr" -> bgr(toUnitChw(modelImage));
            case "grey" -> grey(toUnitChw(modelImage));
            default -> throw new IllegalArgumentException("unknown OOD set '" + name + "' (known: " + String.join(", ", names()) + ")");
        };
        return fromUnitChw(x);
    }

    private double[] glyph(char ch, SplittableRandom random) {
        int c = space.channels(), h = space.height(), w = space.width();
        int size = Math.max(h, w);
        double[] g = Glyphs.render(ch, size, random);
        double[] fg = new double[c];
        double[] bg = new double[c];
        for (int k = 0; k < c; k++) {
            fg[k] = c == 1 ? 1 : random.nextDouble();
            bg[k] = c == 1 ? 0 : random.nextDouble();
        }
        double[] x = new double[c * h * w];
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < h; y++) {
                for (int col = 0; col < w; col++) {
                    double v = g[y * size + col];
                    x[(k * h + y) * w + col] = fg[k] * v + bg[k] * (1 - v);
                }
            }
        }
        return x;
    }

    private double[] flat(SplittableRandom random, double lo, double hi) {
        double level = random.nextDouble(lo, hi);
        return fill(space.channels() * space.height() * space.width(), () -> OodSets.clip(level + 0.01 * OodSets.gaussian(random)));
    }

    private double[] bgr(double[] chw) {
        int plane = space.height() * space.width();
        double[] x = new double[chw.length];
        for (int k = 0; k < 3; k++) System.arraycopy(chw, (2 - k) * plane, x, k * plane, plane);
        return x;
    }

    private double[] grey(double[] chw) {
        int plane = space.height() * space.width();
        double[] x = new double[chw.length];
        for (int p = 0; p < plane; p++) {
            double luma = 0.299 * chw[p] + 0.587 * chw[plane + p] + 0.114 * chw[2 * plane + p];
            for (int k = 0; k < 3; k++) x[k * plane + p] = luma;
        }
        return x;
    }

    private double[] toUnitChw(double[] model) {
        int c = space.channels(), h = space.height(), w = space.width();
        double span = space.max() - space.min();
        double[] x = new double[c * h * w];
        for (int k = 0; k < c; k++) {
            for (int p = 0; p < h * w; p++) {
                double v = space.layout() == InputLayout.NHWC ? model[p * c + k] : model[k * h * w + p];
                x[k * h * w + p] = OodSets.clip((v - space.min()) / span);
            }
        }
        return x;
    }

    private double[] fromUnitChw(double[] unit) {
        int c = space.channels(), h = space.height(), w = space.width();
        boolean integral = !space.datatype().isFloating();
        double span = space.max() - space.min();
        double[] x = new double[unit.length];
        for (int k = 0; k < c; k++) {
            for (int p = 0; p < h * w; p++) {
                double v = unit[k * h * w + p] * span + space.min();
                x[space.layout() == InputLayout.NHWC ? p * c + k : k * h * w + p] = integral ? Math.rint(v) : v;
            }
        }
        return x;
    }

    // ---- tabular rows, each feature within [lo, hi]

    private double[] row(String name, double[] base, Samples test, SplittableRandom random) {
        int n = lo.length;
        double[] x = base.clone();
        switch (name) {
            case "uniform" -> {
                for (int j = 0; j < n; j++) x[j] = random.nextDouble(lo[j], Math.nextUp(hi[j]));
            }
            case "independent" -> {
                for (int j = 0; j < n; j++) x[j] = test.image(random.nextInt(test.count()))[j];
            }
            case "units" -> {
                int j = random.nextInt(n);
                x[j] = x[j] * 10;
            }
            case "swapped" -> {
                int a = random.nextInt(n);
                int b = (a + 1 + random.nextInt(n - 1)) % n;
                x[a] = base[b];
                x[b] = base[a];
            }
            case "shifted" -> {
                double sign = random.nextBoolean() ? 1 : -1;
                for (int j = 0; j < n; j++) x[j] += sign * 3 * std(test, j);
            }
            default -> throw new IllegalArgumentException("unknown OOD set '" + name + "' (known: " + String.join(", ", TABULAR_SETS) + ")");
        }
        for (int j = 0; j < n; j++) x[j] = Math.max(lo[j], Math.min(hi[j], x[j]));
        return x;
    }

    private final java.util.Map<Integer, Double> stds = new java.util.HashMap<>();

    private double std(Samples test, int j) {
        return stds.computeIfAbsent(j, k -> {
            double sum = 0, sq = 0;
            int n = test.count();
            for (int i = 0; i < n; i++) {
                double v = test.image(i)[k];
                sum += v;
                sq += v * v;
            }
            double mean = sum / n;
            return Math.sqrt(Math.max(0, sq / n - mean * mean));
        });
    }

    private static double[] fill(int n, java.util.function.DoubleSupplier value) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = value.getAsDouble();
        return x;
    }

    private static double[] map(double[] x, java.util.function.DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = f.applyAsDouble(x[i]);
        return y;
    }
}
