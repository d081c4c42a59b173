package dev.warden.defense.validate;

import dev.warden.guard.Action;
import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Signal;
import dev.warden.model.ChannelAxis;
import dev.warden.model.InputDomain;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * Rejects what the model should never see (paper, section 4.1: "checking for invalid inputs"): unknown or
 * missing inputs, a datatype or shape other than the model declares, a batch over the limit, NaN or
 * infinite values, values the datatype cannot hold, and values outside the input's valid range (one range, or
 * one per channel or feature, in client units: before any normalization the model applies). One pass over the
 * flat data; the first problem found is reported, naming the input, the element and, for per-channel ranges,
 * the channel or feature.
 */
public final class ValidateDefense implements Defense {
    public static final String NAME = "validate";
    private final ValidateConfig config;

    public ValidateDefense(ValidateConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Action rejectAction() {
        return Action.INVALID;
    }

    @Override
    public Signal beforeModel(Exchange exchange) {
        ModelMetadata model = exchange.model();
        Map<String, Tensor> inputs = exchange.inputs();
        for (String name : inputs.keySet()) {
            if (model.input(name).isEmpty()) {
                return reject("unknown_input", "input '" + name + "' is not an input of model " + model.name()
                        + " (its inputs: " + model.inputs().stream().map(TensorSpec::name).toList() + ")");
            }
        }
        long batch = -1;
        for (TensorSpec spec : model.inputs()) {
            Tensor t = inputs.get(spec.name());
            if (t == null) return reject("missing_input", "input '" + spec.name() + "' is missing");
            Signal problem = checkTensor(t, spec, model.domain(spec.name()));
            if (problem != null) return problem;
            if (batch >= 0 && spec.rank() > 0 && t.batchSize() != batch) {
                return reject("shape_mismatch", "input '" + t.name() + "' has batch size " + t.batchSize()
                        + " but another input has " + batch);
            }
            if (spec.rank() > 0) batch = t.batchSize();
        }
        return null;
    }

    private Signal checkTensor(Tensor t, TensorSpec spec, InputDomain domain) {
        String where = "input '" + t.name() + "'";
        if (t.datatype() != spec.datatype()) {
            return reject("datatype_mismatch", where + " has datatype " + t.datatype() + " but the model takes " + spec.datatype());
        }
        long[] shape = t.shape();
        if (shape.length != spec.rank()) {
            return reject("shape_mismatch", where + " has shape " + Arrays.toString(shape) + " but the model takes "
                    + Arrays.toString(spec.shape()));
        }
        for (int i = 0; i < shape.length; i++) {
            long want = spec.dim(i);
            if (want >= 0 && shape[i] != want) {
                return reject("shape_mismatch", where + " has shape " + Arrays.toString(shape) + " but the model takes "
                        + Arrays.toString(spec.shape()));
            }
        }
        if (shape.length > 0) {
            if (shape[0] < 1) return reject("shape_mismatch", where + " has an empty batch");
            if (shape[0] > config.maxBatch()) {
                return reject("batch_too_large", where + " has batch size " + shape[0] + ", more than the limit " + config.maxBatch());
            }
        }
        if (!t.isNumeric()) return null;
        double[] v = t.values();
        boolean checkRange = config.checkRange() && !domain.ranges().isEmpty();
        ChannelAxis axis = checkRange && domain.perChannel() ? domain.axis(shape) : null;
        ValueRange whole = checkRange && axis == null ? domain.range(0) : null;
        double tolerance = config.rangeTolerance();
        if (allClean(v, t.datatype(), whole, axis, domain, tolerance, checkRange)) return null;
        long perRow = shape.length == 0 || shape[0] == 0 ? Math.max(1, v.length) : v.length / shape[0];
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                return reject("non_finite", where + ": element " + i + " is " + x);
            }
            if (!t.datatype().accepts(x)) {
                return reject("datatype_mismatch", where + ": element " + i + " = " + x + " is not a valid " + t.datatype());
            }
            if (!checkRange) continue;
            ValueRange r = whole != null ? whole : domain.range(axis.channel(i));
            if (x < r.min() - tolerance || x > r.max() + tolerance) {
                if (whole != null) {
                    return reject("out_of_range", where + ": element " + i + " = " + x + " is outside the model's input range ["
                            + r.min() + ", " + r.max() + "]");
                }
                int c = axis.channel(i);
                return reject("out_of_range", where + ": " + domain.channelName(c) + " = " + x + " (row " + (i / perRow)
                        + ", element " + i + ") is outside its range [" + r.min() + ", " + r.max() + "]");
            }
        }
        return null;
    }

    /**
     * The common case in one pass with no data-dependent branch: for a floating-point input every value must lie
     * in one closed interval per channel (the valid range, clipped to what the datatype holds), and NaN fails
     * both comparisons, so {@code lo <= x <= hi} alone covers NaN, infinities, the datatype and the range. Only
     * when it fails does the element-by-element loop run, to name the first problem. Integer datatypes, which
     * also need whole numbers, always take that loop.
     */
    private static boolean allClean(double[] v, DataType type, ValueRange whole, ChannelAxis axis, InputDomain domain,
                                    double tolerance, boolean checkRange) {
        double max = switch (type) {
            case FP16 -> DataType.FP16_MAX;
            case FP32 -> Float.MAX_VALUE;
            case FP64 -> Double.MAX_VALUE;
            default -> Double.NaN;
        };
        if (Double.isNaN(max)) return false;
        if (!checkRange) return within(v, 0, v.length, -max, max);
        if (whole != null) return within(v, 0, v.length, Math.max(-max, whole.min() - tolerance), Math.min(max, whole.max() + tolerance));
        if (axis.stride() > Integer.MAX_VALUE) return false;
        int stride = (int) axis.stride();
        for (int start = 0, block = 0; start < v.length; start += stride, block++) {
            ValueRange r = domain.range(block % axis.count());
            if (!within(v, start, Math.min(v.length, start + stride), Math.max(-max, r.min() - tolerance), Math.min(max, r.max() + tolerance))) {
                return false;
            }
        }
        return true;
    }

    private static boolean within(double[] v, int from, int to, double lo, double hi) {
        boolean ok = true;
        for (int i = from; i < to; i++) {
            double x = v[i];
            ok &= x >= lo & x <= hi;
        }
        return ok;
    }

    private static Signal reject(String reason, String message) {
        return Signal.reject(NAME, reason, message);
    }
}
