package dev.warden.model;

import dev.warden.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the pixel-space inputs the guard works with into what the model was trained on, per input as its
 * {@link InputDomain} declares: {@code (x - mean[c]) / std[c]} per channel or feature. Both backends apply it
 * just before inference, so that validation, defenses, calibration and attacks all see client units.
 */
public final class InputNormalizer {
    private InputNormalizer() {
    }

    public static boolean any(ModelMetadata metadata) {
        return metadata.domains().stream().anyMatch(d -> d.normalization() != null);
    }

    public static Map<String, Tensor> apply(ModelMetadata metadata, Map<String, Tensor> inputs) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            Tensor t = e.getValue();
            InputDomain domain = metadata.domain(t.name());
            Normalization n = domain.normalization();
            if (n == null || !t.isNumeric()) {
                out.put(e.getKey(), t);
                continue;
            }
            ChannelAxis axis = n.channels() > 1 ? domain.axis(t.shape()) : null;
            if (axis != null && axis.count() != n.channels()) {
                throw new ModelException("input '" + t.name() + "' has " + axis.count() + " channels but its normalization has " + n.channels());
            }
            out.put(e.getKey(), Tensor.numeric(t.name(), t.datatype(), t.shape(), n.apply(t.values(), axis)));
        }
        return out;
    }
}
