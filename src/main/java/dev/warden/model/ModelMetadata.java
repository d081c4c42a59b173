package dev.warden.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What Warden knows about a model: its OIP metadata (inputs, outputs) plus what the guard needs to
 * interpret it (class labels, the valid input range, which output holds class scores and which the
 * penultimate features). Optional parts are null when unknown.
 */
public record ModelMetadata(
        String name,
        String version,
        String platform,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        List<String> labels,
        ValueRange inputRange,
        String layout,
        String scoresOutput,
        ScoresKind scoresKind,
        String featuresOutput,
        String sha256) {

    public ModelMetadata {
        Objects.requireNonNull(name, "name");
        version = version == null ? "1" : version;
        platform = platform == null ? "unknown" : platform;
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        labels = labels == null ? List.of() : List.copyOf(labels);
        scoresKind = scoresKind == null ? ScoresKind.LOGITS : scoresKind;
        List<TensorSpec> outs = outputs;
        if (scoresOutput != null && outs.stream().noneMatch(o -> o.name().equals(scoresOutput))) {
            throw new IllegalArgumentException("model " + name + ": scores output '" + scoresOutput + "' is not an output");
        }
        if (featuresOutput != null && outs.stream().noneMatch(o -> o.name().equals(featuresOutput))) {
            throw new IllegalArgumentException("model " + name + ": features output '" + featuresOutput + "' is not an output");
        }
    }

    public Optional<TensorSpec> input(String inputName) {
        return inputs.stream().filter(s -> s.name().equals(inputName)).findFirst();
    }

    public Optional<TensorSpec> output(String outputName) {
        return outputs.stream().filter(s -> s.name().equals(outputName)).findFirst();
    }

    /** The class-score output: the declared one, else the first output. */
    public String scoresOutputOrFirst() {
        return scoresOutput != null ? scoresOutput : outputs.get(0).name();
    }

    public String labelOf(int classIndex) {
        return classIndex >= 0 && classIndex < labels.size() ? labels.get(classIndex) : Integer.toString(classIndex);
    }
}
