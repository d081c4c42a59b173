package dev.warden.data;

import dev.warden.tensor.DataType;
import java.util.Arrays;
import java.util.Objects;

/**
 * How samples become one model input, declared rather than guessed: the input's per-sample {@code shape}
 * and {@code layout}, an optional {@code resize} and {@code color} conversion (without them, a sample of
 * another size or channel count is refused naming both shapes), the value range 8-bit pixels are scaled to
 * ([{@code min}, {@code max}]), and an optional per-channel {@code normalization} that {@link #apply} does
 * not apply: Warden's defenses and attacks work in pixel units, {@link #normalize} is a separate step.
 *
 * <p>An array sample whose dimensions are the model's own, or their NHWC/NCHW transpose, is taken as such;
 * a flat feature vector with as many values as the input is taken in the input's own order.
 */
public record InputConversion(String input, DataType datatype, InputLayout layout, long[] shape, Resize resize,
                              ColorMode color, double min, double max, Normalization normalization) {
    public InputConversion {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(datatype, "datatype");
        Objects.requireNonNull(layout, "layout");
        if (!datatype.isNumeric()) throw new IllegalArgumentException("input '" + input + "' is BYTES: samples convert to numeric inputs only");
        shape = shape.clone();
        for (long d : shape) {
            if (d < 1) throw new IllegalArgumentException("input '" + input + "' has a free dimension besides the batch: "
                    + Arrays.toString(shape) + (layout == InputLayout.FEATURES ? "" : "; declare --resize HxW to fix the image size"));
        }
        if (layout != InputLayout.FEATURES && !(shape.length == 3 || (layout == InputLayout.NHWC && shape.length == 2))) {
            throw new IllegalArgumentException("input '" + input + "' is " + layout + " but its per-sample shape "
                    + Arrays.toString(shape) + " is not " + (layout == InputLayout.NCHW ? "[C, H, W]" : "[H, W, C]"));
        }
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
            throw new IllegalArgumentException("input '" + input + "': the value range [" + min + ", " + max + "] is not min < max");
        }
        if (resize != null) {
            if (layout == InputLayout.FEATURES) throw new IllegalArgumentException("input '" + input + "' takes features: there is nothing to resize");
            if (resize.height() != dim(shape, layout, 'H') || resize.width() != dim(shape, layout, 'W')) {
                throw new IllegalArgumentException("--resize " + resize + " does not match input '" + input + "', which takes "
                        + dim(shape, layout, 'H') + "x" + dim(shape, layout, 'W') + " images");
            }
        }
        if (color != null) {
            if (layout == InputLayout.FEATURES) throw new IllegalArgumentException("input '" + input + "' takes features: there is no colour to convert");
            if (color.channels() != dim(shape, layout, 'C')) {
                throw new IllegalArgumentException("--color " + color.name().toLowerCase() + " gives " + color.channels()
                        + " channel(s) but input '" + input + "' takes " + dim(shape, layout, 'C'));
            }
        }
        if (normalization != null) {
            int channels = layout == InputLayout.FEATURES ? elements(shape) : dim(shape, layout, 'C');
            if (normalization.channels() != 1 && normalization.channels() != channels) {
                throw new IllegalArgumentException("input '" + input + "' has " + channels + " channels but its normalization gives "
                        + normalization.channels() + " means and stds");
            }
        }
    }

    private static int dim(long[] shape, InputLayout layout, char which) {
        if (layout == InputLayout.NCHW) return (int) shape[switch (which) { case 'C' -> 0; case 'H' -> 1; default -> 2; }];
        if (shape.length == 2) return which == 'C' ? 1 : (int) shape[which == 'H' ? 0 : 1];
        return (int) shape[switch (which) { case 'H' -> 0; case 'W' -> 1; default -> 2; }];
    }

    private static int elements(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Math.toIntExact(n);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int elements() {
        return elements(shape);
    }

    public int channels() {
        return layout == InputLayout.FEATURES ? 1 : dim(shape, layout, 'C');
    }

    public int height() {
        return layout == InputLayout.FEATURES ? 1 : dim(shape, layout, 'H');
    }

    public int width() {
        return layout == InputLayout.FEATURES ? elements() : dim(shape, layout, 'W');
    }

    /** The input's shape for a batch of {@code n} samples. */
    public long[] batchShape(int n) {
        long[] out = new long[shape.length + 1];
        out[0] = n;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** What the input takes, for messages: e.g. {@code input 'input' FP32 [1, 28, 28] (NCHW)}. */
    public String describe() {
        return "input '" + input + "' " + datatype + " " + Arrays.toString(shape) + " (" + layout + ")";
    }

    /** One sample as the model's per-sample input, flat in its layout; pixels scaled to [min, max]; not normalized. */
    public double[] apply(RawSample s) {
        double[] out = layout == InputLayout.FEATURES ? features(s) : image(s);
        if (s.pixels()) {
            // divided first, so that [0, 1] gives exactly v / 255, what Warden has always fed its models
            double span = max - min;
            for (int i = 0; i < out.length; i++) out[i] = out[i] / 255.0 * span + min;
        }
        if (!datatype.isFloating()) for (int i = 0; i < out.length; i++) out[i] = Math.rint(out[i]);
        return out;
    }

    /** {@code (x - mean[c]) / std[c]} over a converted sample; the sample itself when there is no normalization. */
    public double[] normalize(double[] converted) {
        if (normalization == null) return converted;
        double[] out = new double[converted.length];
        int c = channels(), h = height(), w = width();
        for (int i = 0; i < out.length; i++) {
            int channel = switch (layout) {
                case FEATURES -> i;
                case NCHW -> i / (h * w);
                case NHWC -> i % c;
            };
            out[i] = normalization.apply(converted[i], channel);
        }
        return out;
    }

    private double[] features(RawSample s) {
        if (s.values().length != elements()) throw mismatch(s, "");
        return s.values().clone();
    }

    private double[] image(RawSample s) {
        int c = channels(), h = height(), w = width();
        if (s.arrangement() == RawSample.Arrangement.FEATURES) {
            if (s.values().length != elements()) throw mismatch(s, "");
            return s.values().clone();
        }
        int[] d = s.dims();
        double[] hwc;
        int sh, sw, sc;
        if (s.arrangement() == RawSample.Arrangement.HWC) {
            hwc = s.values();
            sh = d[0];
            sw = d[1];
            sc = d[2];
        } else if (Arrays.equals(toLong(d), shape)) {
            return s.values().clone();
        } else {
            boolean channelsFirst = channelsFirst(s);
            sc = channelsFirst ? d[0] : d[2];
            sh = channelsFirst ? d[1] : d[0];
            sw = channelsFirst ? d[2] : d[1];
            hwc = channelsFirst ? ImageOps.chwToHwc(s.values(), sc, sh, sw) : s.values();
        }
        if (sc != c) {
            if (color == null || (sc != 1 && sc != 3 && sc != 4)) {
                throw mismatch(s, sc + " channel(s) against " + c + (color == null ? "; declare --color " + (c == 1 ? "gray" : "rgb") + " to convert" : ""));
            }
            hwc = ImageOps.convertColor(hwc, sh * sw, sc, c);
        }
        if (sh != h || sw != w) {
            if (resize == null) throw mismatch(s, sh + "x" + sw + " against " + h + "x" + w + "; declare --resize " + h + "x" + w + " to resize");
            hwc = ImageOps.resize(hwc, sh, sw, c, h, w);
        } else if (hwc == s.values()) {
            hwc = hwc.clone();
        }
        return layout == InputLayout.NCHW ? ImageOps.hwcToChw(hwc, h, w, c) : hwc;
    }

    /**
     * Where an array sample keeps its channels: its model's own dimensions transposed are taken without a
     * declaration; otherwise (a resize or colour conversion is due) the one end axis of a channel count.
     */
    private boolean channelsFirst(RawSample s) {
        int[] d = s.dims();
        int c = channels(), h = height(), w = width();
        if (d[0] == h && d[1] == w && d[2] == c) return false;
        if (d[0] == c && d[1] == h && d[2] == w) return true;
        if (resize == null && color == null) throw mismatch(s, "neither the input's layout nor its transpose; declare --resize HxW (and --color) to convert");
        boolean first = color == null ? d[0] == c : isChannelCount(d[0]);
        boolean last = color == null ? d[2] == c : isChannelCount(d[2]);
        if (first == last) {
            throw mismatch(s, "cannot tell whether the first or the last axis holds the channels; "
                    + "store the array in the input's layout (" + layout + ")");
        }
        return first;
    }

    private static boolean isChannelCount(int n) {
        return n == 1 || n == 3 || n == 4;
    }

    private static long[] toLong(int[] d) {
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) out[i] = d[i];
        return out;
    }

    private DataFormatException mismatch(RawSample s, String why) {
        return new DataFormatException(s.origin() + " has shape " + s.shapeText() + " (" + s.values().length + " values) but the model's "
                + describe() + " takes " + elements() + (why.isEmpty() ? "" : ": " + why));
    }
}
