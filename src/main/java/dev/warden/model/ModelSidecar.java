package dev.warden.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The optional JSON beside a model ({@code models/<name>.json}) that carries what an ONNX graph does not.
 * Every field is optional (docs/models-metadata.md): {@code labels} or {@code labels_file} (one label per line,
 * relative to the sidecar); for the first input {@code input_range} [min, max] or {@code input_ranges}
 * [[min, max], ...] per channel or feature, {@code layout} (NCHW, NHWC, FEATURES) and {@code normalization}
 * ({@code {"mean": [...], "std": [...]}}, per channel or feature), {@code feature_names} (names of the channels
 * or tabular columns, used in messages); the same per named input under
 * {@code inputs}; {@code scores_output}, {@code scores_kind} (logits, probabilities), {@code features_output}.
 * These JSON names are a contract: sidecars written by other tools use them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSidecar(
        String name,
        String version,
        String description,
        List<String> labels,
        @JsonProperty("labels_file") String labelsFile,
        @JsonProperty("input_range") List<Double> inputRange,
        @JsonProperty("input_ranges") List<List<Double>> inputRanges,
        String layout,
        NormalizationJson normalization,
        @JsonProperty("feature_names") List<String> featureNames,
        List<InputJson> inputs,
        @JsonProperty("scores_output") String scoresOutput,
        @JsonProperty("scores_kind") String scoresKind,
        @JsonProperty("features_output") String featuresOutput,
        @JsonProperty("onnx_sha256") String onnxSha256) {

    /** The fields sidecars had before per-channel ranges, normalization and labels files (kept for callers of that shape). */
    public ModelSidecar(String name, String version, String description, List<String> labels, List<Double> inputRange,
                        String layout, String scoresOutput, String scoresKind, String featuresOutput, String onnxSha256) {
        this(name, version, description, labels, null, inputRange, null, layout, null, null, null, scoresOutput, scoresKind,
                featuresOutput, onnxSha256);
    }

    /** {@code {"mean": [...], "std": [...]}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NormalizationJson(List<Double> mean, List<Double> std) {
    }

    /** One entry of {@code inputs}: the graph's declaration (checked on load) and this input's own domain. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputJson(String name, String datatype, List<Long> shape,
                            @JsonProperty("input_range") List<Double> inputRange,
                            @JsonProperty("input_ranges") List<List<Double>> inputRanges,
                            String layout, NormalizationJson normalization,
                            @JsonProperty("feature_names") List<String> featureNames) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Reads a sidecar; a {@code labels_file} is read now, relative to the sidecar's folder. */
    public static ModelSidecar read(Path file) {
        ModelSidecar s;
        try {
            s = JSON.readValue(file.toFile(), ModelSidecar.class);
        } catch (IOException e) {
            throw new ModelException("cannot read model sidecar " + file + ": " + e.getMessage(), e);
        }
        if (s.labelsFile() == null) return s;
        if (s.labels() != null) throw new ModelException("sidecar " + file + ": give labels or labels_file, not both");
        Path labelsPath = file.toAbsolutePath().getParent().resolve(s.labelsFile());
        List<String> labels;
        try {
            labels = Files.readAllLines(labelsPath, StandardCharsets.UTF_8).stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new ModelException("sidecar " + file + ": labels_file " + labelsPath + " cannot be read: " + e.getMessage(), e);
        }
        int end = labels.size();
        while (end > 0 && labels.get(end - 1).isEmpty()) end--;
        labels = labels.subList(0, end);
        if (labels.isEmpty()) throw new ModelException("sidecar " + file + ": labels_file " + labelsPath + " holds no labels");
        if (labels.contains("")) throw new ModelException("sidecar " + file + ": labels_file " + labelsPath + " has an empty line among the labels");
        return new ModelSidecar(s.name, s.version, s.description, labels, s.labelsFile, s.inputRange, s.inputRanges, s.layout,
                s.normalization, s.featureNames, s.inputs, s.scoresOutput, s.scoresKind, s.featuresOutput, s.onnxSha256);
    }

    /** Writes this sidecar as JSON (absent fields left out), e.g. for a tool that describes a new model. */
    public void write(Path file) {
        // Labels read from labels_file are written as the file reference only, as they were given.
        ModelSidecar out = labelsFile == null ? this : new ModelSidecar(name, version, description, null, labelsFile, inputRange,
                inputRanges, layout, normalization, featureNames, inputs, scoresOutput, scoresKind, featuresOutput, onnxSha256);
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
        } catch (IOException e) {
            throw new ModelException("cannot write model sidecar " + file + ": " + e.getMessage(), e);
        }
    }

    /** The sidecar for {@code models/x.onnx} is {@code models/x.json}; null when there is none. */
    public static ModelSidecar besides(Path modelFile) {
        String file = modelFile.getFileName().toString();
        String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        Path sidecar = modelFile.resolveSibling(stem + ".json");
        return Files.isRegularFile(sidecar) ? read(sidecar) : null;
    }

    /** The whole-input range of the first input, or null (per-channel ranges: see {@link #ranges}). */
    public ValueRange range() {
        List<ValueRange> r = ranges(inputRange, inputRanges, "");
        return r.size() == 1 ? r.get(0) : null;
    }

    public ScoresKind kind() {
        if (scoresKind == null) return null;
        try {
            return ScoresKind.valueOf(scoresKind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelException("sidecar of " + name + ": scores_kind must be logits or probabilities, not '" + scoresKind + "'");
        }
    }

    /** The per-input entry for {@code input}, or null. */
    public InputJson inputEntry(String input) {
        if (inputs == null) return null;
        for (InputJson i : inputs) if (input.equals(i.name())) return i;
        return null;
    }

    static List<ValueRange> ranges(List<Double> single, List<List<Double>> perChannel, String prefix) {
        if (perChannel == null) return single == null ? List.of() : List.of(pair(single, prefix + "input_range"));
        if (perChannel.isEmpty()) throw new IllegalArgumentException(prefix + "input_ranges is empty");
        List<ValueRange> out = new ArrayList<>();
        for (int i = 0; i < perChannel.size(); i++) out.add(pair(perChannel.get(i), prefix + "input_ranges[" + i + "]"));
        // Both given: input_range is an envelope for readers that know one range only (tools/train_wine.py
        // writes one); the per-channel ranges apply, and must lie inside it.
        ValueRange envelope = single == null ? null : pair(single, prefix + "input_range");
        for (int i = 0; envelope != null && i < out.size(); i++) {
            if (out.get(i).min() < envelope.min() || out.get(i).max() > envelope.max()) {
                throw new IllegalArgumentException(prefix + "input_ranges[" + i + "] " + show(out.get(i))
                        + " lies outside input_range " + show(envelope) + ": give one of them, or an input_range that contains every entry");
            }
        }
        return out;
    }

    private static String show(ValueRange r) {
        return "[" + r.min() + ", " + r.max() + "]";
    }

    private static ValueRange pair(List<Double> v, String field) {
        if (v == null || v.size() != 2 || v.get(0) == null || v.get(1) == null) {
            throw new IllegalArgumentException(field + " must be [min, max]");
        }
        try {
            return new ValueRange(v.get(0), v.get(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    static Normalization normalization(NormalizationJson n, String prefix) {
        if (n == null) return null;
        if (n.mean() == null || n.std() == null) throw new IllegalArgumentException(prefix + "normalization needs mean and std");
        try {
            return new Normalization(n.mean().stream().mapToDouble(Double::doubleValue).toArray(),
                    n.std().stream().mapToDouble(Double::doubleValue).toArray());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(prefix + e.getMessage());
        }
    }
}
