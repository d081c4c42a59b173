package dev.warden.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON file beside a bundled model ({@code models/<name>.json}) that carries what an ONNX graph does
 * not: class labels, the valid input range, the layout, and which outputs are scores and features.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelSidecar(
        String name,
        String version,
        String description,
        List<String> labels,
        @JsonProperty("input_range") List<Double> inputRange,
        String layout,
        @JsonProperty("scores_output") String scoresOutput,
        @JsonProperty("scores_kind") String scoresKind,
        @JsonProperty("features_output") String featuresOutput,
        @JsonProperty("onnx_sha256") String onnxSha256) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static ModelSidecar read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ModelSidecar.class);
        } catch (IOException e) {
            throw new ModelException("cannot read model sidecar " + file + ": " + e.getMessage(), e);
        }
    }

    /** The sidecar for {@code models/x.onnx} is {@code models/x.json}; null when there is none. */
    public static ModelSidecar besides(Path modelFile) {
        String file = modelFile.getFileName().toString();
        String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        Path sidecar = modelFile.resolveSibling(stem + ".json");
        return Files.isRegularFile(sidecar) ? read(sidecar) : null;
    }

    public ValueRange range() {
        if (inputRange == null) return null;
        if (inputRange.size() != 2) throw new ModelException("sidecar of " + name + ": input_range must be [min, max]");
        return new ValueRange(inputRange.get(0), inputRange.get(1));
    }

    public ScoresKind kind() {
        return scoresKind == null ? null : ScoresKind.valueOf(scoresKind.toUpperCase(java.util.Locale.ROOT));
    }
}
