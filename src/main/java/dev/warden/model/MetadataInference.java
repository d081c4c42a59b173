package dev.warden.model;

import dev.warden.tensor.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Builds a model's {@link ModelMetadata} from what its graph (or remote server) declares plus its sidecar, and
 * infers what the sidecar leaves out: the layout from the shape (rank 2: FEATURES; rank 4 with 1, 3 or 4 at
 * axis 1: NCHW, else at the last axis: NHWC), the range of UINT8 and BOOL inputs from their datatype,
 * scores = the first floating output of shape [N, C] (probabilities when its name says so, it is a ZipMap
 * or, for ONNX models, its rows on a zero input are non-negative and sum to 1; logits otherwise), features = a floating [N, D] output named {@code features}. Everything that cannot
 * work is refused here, when the model loads, naming the model and the field.
 */
public final class MetadataInference {
    private MetadataInference() {
    }

    /** What one run of the model says about an output's scores: their kind, or null when it cannot tell. */
    interface ScoresProbe {
        ScoresKind kindOf(String output);
    }

    /** {@code graphLabels}: labels the graph itself gives (ZipMap keys), or null. */
    public static ModelMetadata describe(String name, String version, String platform, List<TensorSpec> inputs,
                                  List<TensorSpec> outputs, List<String> graphLabels, boolean probabilitiesByGraph,
                                  ModelSidecar sidecar, String sha256, String source) {
        return describe(name, version, platform, inputs, outputs, graphLabels, probabilitiesByGraph, sidecar, sha256, source, null);
    }

    /** As above; {@code probe} (may be null) decides logits or probabilities where the sidecar and the name do not. */
    public static ModelMetadata describe(String name, String version, String platform, List<TensorSpec> inputs,
                                  List<TensorSpec> outputs, List<String> graphLabels, boolean probabilitiesByGraph,
                                  ModelSidecar sidecar, String sha256, String source, ScoresProbe probe) {
        try {
            List<InputDomain> domains = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) domains.add(domain(inputs.get(i), i == 0 ? sidecar : null, sidecar));
            if (sidecar != null && sidecar.inputs() != null) {
                for (ModelSidecar.InputJson entry : sidecar.inputs()) {
                    if (inputs.stream().noneMatch(s -> s.name().equals(entry.name()))) {
                        throw new IllegalArgumentException("sidecar input '" + entry.name() + "' is not an input of the model (its inputs: "
                                + inputs.stream().map(TensorSpec::name).toList() + ")");
                    }
                }
            }
            String scores = sidecar != null && sidecar.scoresOutput() != null ? sidecar.scoresOutput() : inferScores(outputs);
            ScoresKind kind = sidecar != null && sidecar.kind() != null ? sidecar.kind()
                    : probabilitiesByGraph || scores != null && scores.toLowerCase(Locale.ROOT).contains("prob")
                    ? ScoresKind.PROBABILITIES : null;
            if (kind == null && scores != null && probe != null) kind = probe.kindOf(scores);
            if (kind == null) kind = ScoresKind.LOGITS;
            String features = sidecar != null && sidecar.featuresOutput() != null ? sidecar.featuresOutput() : inferFeatures(outputs, scores);
            List<String> labels = sidecar != null && sidecar.labels() != null ? sidecar.labels() : graphLabels;
            if (graphLabels != null && sidecar != null && sidecar.labels() != null && graphLabels.size() != sidecar.labels().size()) {
                throw new IllegalArgumentException("sidecar gives " + sidecar.labels().size() + " labels but the graph's ZipMap has "
                        + graphLabels.size() + " classes " + graphLabels);
            }
            checkLabelCount(labels, outputs, scores);
            return new ModelMetadata(name, version, platform, inputs, outputs, labels, null, null, scores, kind, features,
                    sha256, domains);
        } catch (IllegalArgumentException e) {
            throw new ModelException("model " + name + " (" + source + "): " + e.getMessage(), e);
        }
    }

    private static InputDomain domain(TensorSpec spec, ModelSidecar top, ModelSidecar sidecar) {
        ModelSidecar.InputJson entry = sidecar == null ? null : sidecar.inputEntry(spec.name());
        String prefix = entry != null ? "inputs[" + spec.name() + "]." : "";
        if (entry != null) checkDeclared(spec, entry);
        Layout layout = entry != null && entry.layout() != null ? Layout.parse(entry.layout())
                : top != null && top.layout() != null ? Layout.parse(top.layout()) : Layout.infer(spec.shape());
        List<ValueRange> ranges = entry != null ? ModelSidecar.ranges(entry.inputRange(), entry.inputRanges(), prefix) : List.of();
        if (ranges.isEmpty() && top != null) ranges = ModelSidecar.ranges(top.inputRange(), top.inputRanges(), "");
        if (ranges.isEmpty()) ranges = datatypeRange(spec.datatype());
        Normalization norm = entry != null && entry.normalization() != null ? ModelSidecar.normalization(entry.normalization(), prefix)
                : top != null ? ModelSidecar.normalization(top.normalization(), "") : null;
        List<String> names = entry != null && entry.featureNames() != null ? entry.featureNames()
                : top != null ? top.featureNames() : null;
        if (!spec.datatype().isNumeric() && (!ranges.isEmpty() || norm != null)) {
            throw new IllegalArgumentException("input '" + spec.name() + "' is BYTES: it can have no range or normalization");
        }
        return new InputDomain(spec.name(), layout, ranges, norm, names);
    }

    private static void checkDeclared(TensorSpec spec, ModelSidecar.InputJson entry) {
        if (entry.datatype() != null && DataType.fromOip(entry.datatype()) != spec.datatype()) {
            throw new IllegalArgumentException("sidecar says input '" + spec.name() + "' is " + entry.datatype()
                    + " but the model takes " + spec.datatype() + ": the sidecar describes another model");
        }
        if (entry.shape() != null && entry.shape().size() != spec.rank()) {
            throw new IllegalArgumentException("sidecar says input '" + spec.name() + "' has shape " + entry.shape()
                    + " but the model takes " + Arrays.toString(spec.shape()) + ": the sidecar describes another model");
        }
    }

    /** The range a datatype alone implies for image-like inputs; integer features have no implied range. */
    private static List<ValueRange> datatypeRange(DataType type) {
        return switch (type) {
            case UINT8 -> List.of(new ValueRange(0, 255));
            case BOOL -> List.of(new ValueRange(0, 1));
            default -> List.of();
        };
    }

    private static String inferScores(List<TensorSpec> outputs) {
        for (TensorSpec o : outputs) {
            if (o.datatype().isFloating() && o.rank() == 2 && o.dim(1) != 1) return o.name();
        }
        return null;
    }

    private static String inferFeatures(List<TensorSpec> outputs, String scores) {
        for (TensorSpec o : outputs) {
            if (o.name().equals("features") && !o.name().equals(scores) && o.datatype().isFloating() && o.rank() == 2) return o.name();
        }
        return null;
    }

    private static void checkLabelCount(List<String> labels, List<TensorSpec> outputs, String scores) {
        if (labels == null || scores == null) return;
        TensorSpec s = outputs.stream().filter(o -> o.name().equals(scores)).findFirst().orElse(null);
        if (s == null || s.rank() != 2 || s.dim(1) < 0) return;
        if (s.dim(1) != labels.size()) {
            throw new IllegalArgumentException(labels.size() + " labels given but scores output '" + scores + "' has "
                    + s.dim(1) + " classes");
        }
    }
}
