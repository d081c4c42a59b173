package dev.warden.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SampleSource} converted for one model input: each sample read and converted when asked for (in
 * pixel units, not normalized), its label mapped to the model's class index: a name of one of the model's
 * labels, else a class index. Every label and the first sample are checked when it is made, so data that
 * does not fit the model is refused before any work is done.
 */
public final class ModelSamples implements Samples {
    private final SampleSource source;
    private final InputConversion conversion;
    private final Map<String, Integer> classes;

    private ModelSamples(SampleSource source, InputConversion conversion, Map<String, Integer> classes) {
        this.source = source;
        this.conversion = conversion;
        this.classes = classes;
    }

    /** {@code labels}: the model's class labels (empty: labels must be class indices). */
    public static ModelSamples of(SampleSource source, InputConversion conversion, List<String> labels) {
        if (source.count() == 0) throw new DataFormatException(source.path() + " holds no samples");
        Map<String, Integer> classes = new HashMap<>();
        for (String name : source.labelNames()) classes.put(name, classIndex(name, labels, source));
        ModelSamples samples = new ModelSamples(source, conversion, classes);
        samples.image(0);
        return samples;
    }

    static int classIndex(String name, List<String> labels, SampleSource source) {
        int named = labels.indexOf(name);
        if (named >= 0) return named;
        try {
            int index = Integer.parseInt(name.trim());
            if (index >= 0 && (labels.isEmpty() || index < labels.size())) return index;
        } catch (NumberFormatException e) {
            // not an index either: refused below
        }
        String known = labels.isEmpty() ? "the model declares no labels, so classes must be indices 0, 1, ..."
                : "the model's labels are " + labels + " (or their indices 0.." + (labels.size() - 1) + ")";
        throw new DataFormatException(source.path() + ": class '" + name + "' is neither a label of the model nor a class index; " + known);
    }

    public SampleSource sampleSource() {
        return source;
    }

    public InputConversion conversion() {
        return conversion;
    }

    @Override
    public String source() {
        return source.path().toString();
    }

    @Override
    public int count() {
        return source.count();
    }

    @Override
    public double[] image(int index) {
        return conversion.apply(source.read(index));
    }

    @Override
    public boolean labelled() {
        return source.labelled();
    }

    @Override
    public int label(int index) {
        if (!source.labelled()) throw new DataFormatException(source.path() + " has no labels, and they are needed here");
        return classes.get(source.label(index));
    }
}
