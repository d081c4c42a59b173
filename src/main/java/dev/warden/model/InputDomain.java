package dev.warden.model;

import java.util.List;
import java.util.Objects;

/**
 * What the guard knows about one input beyond its datatype and shape: its layout (null when unknown), the
 * valid range of its values in the units clients send (one range for every value, or one per channel or
 * feature; empty when unknown), the normalization the model applies after that (null when none) and, optionally,
 * the names of its channels or features (tabular columns), used where a message names one.
 * Checked against the input's {@link TensorSpec} when a model loads.
 */
public record InputDomain(String input, Layout layout, List<ValueRange> ranges, Normalization normalization,
                          List<String> names) {
    public InputDomain {
        Objects.requireNonNull(input, "input");
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
        names = names == null ? List.of() : List.copyOf(names);
    }

    public InputDomain(String input, Layout layout, List<ValueRange> ranges, Normalization normalization) {
        this(input, layout, ranges, normalization, null);
    }

    /** Checks this domain against the graph's declaration of the input; throws naming what does not fit. */
    public void check(TensorSpec spec) {
        String where = "input '" + input + "' " + Layout.describe(spec.shape());
        if (layout != null && !layout.fits(spec.shape())) {
            throw new IllegalArgumentException(where + " cannot have layout " + layout
                    + (layout.isImage() ? " (images are rank 4)" : " (feature vectors are rank 2)"));
        }
        checkPerChannel(where, spec, "input_ranges", ranges.size(), false);
        if (!names.isEmpty()) checkPerChannel(where, spec, "feature_names", names.size(), true);
        if (normalization != null) {
            if (!spec.datatype().isFloating()) {
                throw new IllegalArgumentException(where + " is " + spec.datatype() + ": normalization needs a floating-point input");
            }
            checkPerChannel(where, spec, "normalization", normalization.channels(), false);
        }
    }

    /** One value for the whole input is always fine (unless {@code perChannelOnly}); more must match the channel count. */
    private void checkPerChannel(String where, TensorSpec spec, String field, int given, boolean perChannelOnly) {
        if (given <= 1 && !perChannelOnly) return;
        if (layout == null) throw new IllegalArgumentException(where + ": per-channel " + field + " need a layout (NCHW, NHWC or FEATURES)");
        long channels = spec.dim(layout.channelAxis(spec.rank()));
        if (channels >= 0 && channels != given) {
            throw new IllegalArgumentException(where + " has " + channels + (layout.isImage() ? " channels" : " features")
                    + " but " + field + " gives " + given);
        }
    }

    public boolean perChannel() {
        return ranges.size() > 1;
    }

    /** The range of channel (or feature) {@code c}; null when no range is known. */
    public ValueRange range(int c) {
        if (ranges.isEmpty()) return null;
        return ranges.size() == 1 ? ranges.get(0) : ranges.get(c);
    }

    /** The smallest range holding every channel's, or null. */
    public ValueRange envelope() {
        if (ranges.isEmpty()) return null;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (ValueRange r : ranges) {
            lo = Math.min(lo, r.min());
            hi = Math.max(hi, r.max());
        }
        return new ValueRange(lo, hi);
    }

    /** The channel axis of a tensor of {@code shape}, or null when values are not per channel. */
    public ChannelAxis axis(long[] shape) {
        return layout == null ? null : ChannelAxis.of(shape, layout);
    }

    /** What a query must say where a channel or feature is named: "channel 2" or "feature 7". */
    public String channelName(int c) {
        String what = (layout == Layout.FEATURES ? "feature " : "channel ") + c;
        return c < names.size() ? what + " (" + names.get(c) + ")" : what;
    }
}
