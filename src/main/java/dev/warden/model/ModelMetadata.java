package dev.warden.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What Warden knows about a model: its OIP metadata (inputs, outputs) plus what the guard needs to
 * interpret it (class labels, which output holds class scores and which the penultimate features) and, per
 * input, its {@link InputDomain} (layout, valid range per input or per channel/feature, normalization).
 * {@code inputRange} and {@code layout} describe the first input (the one image defenses work on); with
 * per-channel ranges {@code inputRange} is their envelope. Optional parts are null when unknown.
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
        String sha256,
        List<InputDomain> domains) {

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
        domains = domains == null ? legacyDomains(inputs, inputRange, layout) : List.copyOf(domains);
        for (InputDomain d : domains) {
            TensorSpec spec = inputs.stream().filter(s -> s.name().equals(d.input())).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("model " + name + ": '" + d.input() + "' is not an input"));
            try {
                d.check(spec);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model " + name + ": " + e.getMessage(), e);
            }
        }
        if (!inputs.isEmpty()) {
            String first = inputs.get(0).name();
            InputDomain primary = domains.stream().filter(d -> d.input().equals(first)).findFirst().orElse(null);
            if (primary != null && inputRange == null) inputRange = primary.envelope();
            if (primary != null && layout == null && primary.layout() != null) layout = primary.layout().name();
        }
    }

    /** Metadata without per-input domains: {@code inputRange} applies to every numeric input, {@code layout} to the first. */
    public ModelMetadata(String name, String version, String platform, List<TensorSpec> inputs, List<TensorSpec> outputs,
                         List<String> labels, ValueRange inputRange, String layout, String scoresOutput,
                         ScoresKind scoresKind, String featuresOutput, String sha256) {
        this(name, version, platform, inputs, outputs, labels, inputRange, layout, scoresOutput, scoresKind,
                featuresOutput, sha256, null);
    }

    private static List<InputDomain> legacyDomains(List<TensorSpec> inputs, ValueRange range, String layout) {
        List<InputDomain> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            TensorSpec spec = inputs.get(i);
            Layout l = i == 0 ? Layout.parse(layout) : null;
            if (l != null && !l.fits(spec.shape())) l = null;
            List<ValueRange> ranges = range != null && spec.datatype().isNumeric() ? List.of(range) : List.of();
            if (l != null || !ranges.isEmpty()) out.add(new InputDomain(spec.name(), l, ranges, null));
        }
        return out;
    }

    public Optional<TensorSpec> input(String inputName) {
        return inputs.stream().filter(s -> s.name().equals(inputName)).findFirst();
    }

    public Optional<TensorSpec> output(String outputName) {
        return outputs.stream().filter(s -> s.name().equals(outputName)).findFirst();
    }

    /** The domain of an input: layout, ranges, normalization (an empty one when nothing is known). */
    public InputDomain domain(String inputName) {
        for (InputDomain d : domains) if (d.input().equals(inputName)) return d;
        return new InputDomain(inputName, null, List.of(), null);
    }

    /** The class-score output: the declared one, else the first output. */
    public String scoresOutputOrFirst() {
        return scoresOutput != null ? scoresOutput : outputs.get(0).name();
    }

    public String labelOf(int classIndex) {
        return classIndex >= 0 && classIndex < labels.size() ? labels.get(classIndex) : Integer.toString(classIndex);
    }
}
