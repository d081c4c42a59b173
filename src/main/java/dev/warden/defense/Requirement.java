package dev.warden.defense;

import dev.warden.model.InputDomain;
import dev.warden.model.Layout;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;

/**
 * What a defense needs of the model it guards. Each factory declares its requirements
 * ({@link DefenseFactory#requires}); {@link DefenseRegistry} checks them when a policy loads, so that a defense
 * placed where it cannot run is refused then, naming the defense, the model and the reason, never at request time.
 */
public enum Requirement {
    /** An image input (the first) with fixed spatial dimensions, NCHW or NHWC: stream frames, image transforms. */
    SPATIAL_IMAGE("an image input with spatial dimensions"),
    /** As {@link #SPATIAL_IMAGE}, channels first: defenses whose image code reads NCHW. */
    NCHW_IMAGE("an image input with spatial dimensions, channels first (NCHW)"),
    /** A class-score output of shape [N, C] (logits or probabilities). */
    SCORES("a class-scores output of shape [N, C]"),
    /** A penultimate-features output (sidecar {@code features_output}). */
    FEATURES("a features output (sidecar features_output)"),
    /** A numeric (not BYTES) first input: fingerprints and distances are computed on its values. */
    NUMERIC_INPUT("a numeric input"),
    /**
     * A known valid range for the first input (sidecar {@code input_range}, or implied by UINT8): quantized
     * fingerprints and image transforms scale values by it, and a guessed [0, 1] would make pixels of 0-255 all
     * look alike.
     */
    INPUT_RANGE("a known valid range for its input");

    private final String need;

    Requirement(String need) {
        this.need = need;
    }

    /** What the defense needs, in words. */
    public String need() {
        return need;
    }

    /** Why {@code model} cannot give it, or null when it can. */
    public String unmetBy(ModelMetadata model) {
        return switch (this) {
            case SPATIAL_IMAGE -> image(model, false);
            case NCHW_IMAGE -> image(model, true);
            case SCORES -> scores(model);
            case FEATURES -> model.featuresOutput() == null ? "model '" + model.name() + "' declares no features output" : null;
            case NUMERIC_INPUT -> model.inputs().isEmpty() ? "it has no inputs"
                    : model.inputs().get(0).datatype().isNumeric() ? null : "the input " + describe(model) + ", not numeric";
            case INPUT_RANGE -> model.inputs().isEmpty() ? "it has no inputs"
                    : !model.domain(model.inputs().get(0).name()).ranges().isEmpty() ? null
                    : "the input " + describe(model) + ", with no declared range (give the sidecar's input_range or input_ranges)";
        };
    }

    private static String image(ModelMetadata model, boolean channelsFirst) {
        if (model.inputs().isEmpty()) return "it has no inputs";
        TensorSpec in = model.inputs().get(0);
        Layout layout = model.domain(in.name()).layout();
        if (layout == null || !layout.isImage() || in.rank() != 4 || !in.datatype().isNumeric()) return "the input " + describe(model);
        int h = layout == Layout.NCHW ? 2 : 1;
        if (in.dim(h) < 2 || in.dim(h + 1) < 2) return "the input " + describe(model) + ", with free or single-pixel spatial dimensions";
        if (channelsFirst && layout != Layout.NCHW) return "the input " + describe(model) + ", channels last";
        return null;
    }

    private static String scores(ModelMetadata model) {
        if (model.outputs().isEmpty()) return "model '" + model.name() + "' has no outputs";
        TensorSpec s = model.output(model.scoresOutputOrFirst()).orElseThrow();
        if (s.rank() != 2 || !s.datatype().isFloating()) {
            return "its scores output " + s + " is not a floating [N, C] tensor (name the right one with the sidecar's scores_output)";
        }
        return null;
    }

    /** The first input as a reason names it: {@code 'input' is FP32 [N,13] FEATURES}. */
    static String describe(ModelMetadata model) {
        TensorSpec in = model.inputs().get(0);
        InputDomain d = model.domain(in.name());
        return "'" + in.name() + "' is " + in.datatype() + " " + Layout.describe(in.shape()) + " "
                + (d.layout() == null ? "(no layout known)" : d.layout().name());
    }
}
