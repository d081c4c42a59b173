package dev.warden.model;

import dev.warden.tensor.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * A remote model's OIP metadata as far as its sidecar tells it, for a backend that is down when Warden starts:
 * every input's name, datatype and shape from {@code inputs}, the scores output ({@code [-1, classes]} FP32,
 * classes from the labels, else free) and the features output ({@code [-1, -1]} FP32). Null when the sidecar
 * does not say enough.
 */
public final class SidecarMetadata {
    private SidecarMetadata() {
    }

    public static ModelMetadata of(String name, ModelSidecar sidecar) {
        if (sidecar == null || sidecar.inputs() == null || sidecar.inputs().isEmpty() || sidecar.scoresOutput() == null) return null;
        List<TensorSpec> inputs = new ArrayList<>();
        for (ModelSidecar.InputJson in : sidecar.inputs()) {
            DataType type = in.datatype() == null ? null : DataType.fromOip(in.datatype());
            if (in.name() == null || type == null || in.shape() == null) return null;
            inputs.add(new TensorSpec(in.name(), type, in.shape().stream().mapToLong(Long::longValue).toArray()));
        }
        List<TensorSpec> outputs = new ArrayList<>();
        long classes = sidecar.labels() == null || sidecar.labels().isEmpty() ? -1 : sidecar.labels().size();
        outputs.add(new TensorSpec(sidecar.scoresOutput(), DataType.FP32, new long[]{-1, classes}));
        if (sidecar.featuresOutput() != null && !sidecar.featuresOutput().equals(sidecar.scoresOutput())) {
            outputs.add(new TensorSpec(sidecar.featuresOutput(), DataType.FP32, new long[]{-1, -1}));
        }
        return new ModelMetadata(name, sidecar.version(), "unknown", inputs, outputs, null, null, null, null, null, null, null);
    }
}
