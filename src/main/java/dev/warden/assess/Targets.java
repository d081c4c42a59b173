package dev.warden.assess;

import dev.warden.model.OnnxModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Opens a target from its command-line form: {@code http://...} or {@code https://...} (an OIP v2 server),
 * {@code policy:FILE} (that policy's guard, in process) or {@code model:FILE.onnx} (the bare model).
 */
public final class Targets {
    private Targets() {
    }

    /** {@code model}: the served model's name (null: fashion-cnn over HTTP, the policy's first in process). */
    public static Target open(String spec, String model, List<String> apiKeys, int accounts, int batch, Duration timeout) {
        return open(spec, model, apiKeys, accounts, batch, timeout, null);
    }

    /** {@code probe}: a benign image for an HTTP target's reveal probe (null: uniform grey). */
    public static Target open(String spec, String model, List<String> apiKeys, int accounts, int batch, Duration timeout, double[] probe) {
        return openProbing(spec, model, apiKeys, accounts, batch, timeout, m -> probe);
    }

    /** {@code probe}: makes a benign image for an HTTP target's reveal probe from the model's metadata (null: uniform grey). */
    public static Target openProbing(String spec, String model, List<String> apiKeys, int accounts, int batch, Duration timeout,
                                     java.util.function.Function<dev.warden.model.ModelMetadata, double[]> probe) {
        if (spec.startsWith("http://") || spec.startsWith("https://")) {
            return HttpTarget.connectProbing(spec, model != null ? model : "fashion-cnn", apiKeys, timeout, batch, probe);
        }
        if (spec.startsWith("policy:")) {
            return GuardTarget.open(Path.of(spec.substring("policy:".length())), model, apiKeys, accounts);
        }
        if (spec.startsWith("model:")) {
            if (!apiKeys.isEmpty()) throw new IllegalArgumentException("a bare model has no accounts: drop --api-key");
            Path file = Path.of(spec.substring("model:".length()));
            return new ModelTarget(OnnxModel.load(file, model, 1), "model:" + file, true);
        }
        throw new IllegalArgumentException("target '" + spec + "' is not a URL, policy:FILE or model:FILE");
    }
}
