package dev.warden.model;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model run in-process by ONNX Runtime. One {@link OrtSession} is shared by all threads (ONNX Runtime
 * documents {@code run} as thread-safe). Input and output specs come from the session; labels, ranges,
 * layout, normalization and output roles from the sidecar JSON when there is one, else they are inferred
 * ({@link MetadataInference}). Inputs arrive in client units and are normalized here when the sidecar says
 * so; a ZipMap output is returned as a [N, C] scores tensor.
 */
public final class OnnxModel implements Model {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelMetadata metadata;
    private final Map<String, ZipMapOutput> zipMaps;
    private final boolean normalizes;

    private OnnxModel(OrtEnvironment env, OrtSession session, ModelMetadata metadata, Map<String, ZipMapOutput> zipMaps) {
        this.env = env;
        this.session = session;
        this.metadata = metadata;
        this.zipMaps = zipMaps;
        this.normalizes = InputNormalizer.any(metadata);
    }

    /** Loads {@code file} with the sidecar beside it (if any); {@code name} overrides the sidecar's name when not null. */
    public static OnnxModel load(Path file, String name, int intraOpThreads) {
        return load(file, name, intraOpThreads, null);
    }

    /** As {@link #load(Path, String, int)}, with an explicit sidecar; null falls back to the one beside the file. */
    public static OnnxModel load(Path file, String name, int intraOpThreads, ModelSidecar explicitSidecar) {
        if (!Files.isRegularFile(file)) throw new ModelException("model file not found: " + file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(file.toString(), options);
            OrtSession opened = session;
            ModelSidecar sidecar = explicitSidecar != null ? explicitSidecar : ModelSidecar.besides(file);
            List<TensorSpec> inputs = inputSpecs(session.getInputInfo(), file);
            Map<String, ZipMapOutput> zipMaps = zipMaps(env, session, inputs, file);
            List<TensorSpec> outputs = outputSpecs(session.getOutputInfo(), zipMaps, file);
            List<String> graphLabels = zipMaps.isEmpty() ? null : zipMaps.values().iterator().next().labels();
            String stem = file.getFileName().toString().replaceFirst("\\.onnx$", "");
            String modelName = name != null ? name : sidecar != null && sidecar.name() != null ? sidecar.name() : stem;
            ModelMetadata metadata = MetadataInference.describe(modelName, sidecar != null ? sidecar.version() : "1",
                    "onnxruntime", inputs, outputs, graphLabels, !zipMaps.isEmpty(), sidecar, sha256(file), file.toString(),
                    output -> probeKind(env, opened, inputs, output));
            return new OnnxModel(env, session, metadata, zipMaps);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    public static OnnxModel load(Path file) {
        return load(file, null, 1);
    }

    private static List<TensorSpec> inputSpecs(Map<String, NodeInfo> nodes, Path file) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new ModelException(file + ": input '" + node.getName() + "' is " + node.getInfo()
                        + "; only tensor inputs are supported");
            }
            specs.add(new TensorSpec(node.getName(), supported(info.type, "input '" + node.getName() + "'", file), info.getShape()));
        }
        return specs;
    }

    private static DataType supported(OnnxJavaType type, String what, Path file) {
        try {
            return OnnxValues.dataType(type);
        } catch (ModelException e) {
            throw new ModelException(file + ": " + what + " has element type " + type + ", which Warden does not support");
        }
    }

    private static List<TensorSpec> outputSpecs(Map<String, NodeInfo> nodes, Map<String, ZipMapOutput> zipMaps, Path file) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (node.getInfo() instanceof TensorInfo info) {
                specs.add(new TensorSpec(node.getName(), supported(info.type, "output '" + node.getName() + "'", file), info.getShape()));
            } else if (zipMaps.containsKey(node.getName())) {
                specs.add(zipMaps.get(node.getName()).spec());
            } else {
                throw new ModelException(file + ": output '" + node.getName() + "' is " + node.getInfo()
                        + "; only tensors and ZipMap outputs (sequences of maps to probabilities) are supported");
            }
        }
        return specs;
    }

    /**
     * ZipMap outputs by name. ONNX Runtime's Java API does not expose a ZipMap's class keys, so one probe
     * inference on zeros (batch 1) reads them when the model loads.
     */
    private static Map<String, ZipMapOutput> zipMaps(OrtEnvironment env, OrtSession session, List<TensorSpec> inputs, Path file)
            throws OrtException {
        List<String> names = new ArrayList<>();
        for (NodeInfo node : session.getOutputInfo().values()) {
            if (node.getInfo() instanceof SequenceInfo seq && seq.isSequenceOfMaps() && numericValues(seq.mapInfo)) {
                names.add(node.getName());
            }
        }
        if (names.isEmpty()) return Map.of();
        Map<String, OnnxTensor> probe = new LinkedHashMap<>();
        try {
            for (TensorSpec spec : inputs) probe.put(spec.name(), OnnxValues.toOnnx(env, zeros(spec)));
            Map<String, ZipMapOutput> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(probe)) {
                for (String name : names) {
                    OnnxValue value = result.get(name).orElseThrow();
                    out.put(name, new ZipMapOutput(name, ZipMapOutput.keysOf(name, (OnnxSequence) value)));
                }
            }
            return out;
        } catch (OrtException e) {
            throw new ModelException(file + ": cannot read the classes of ZipMap output " + names
                    + ": a probe inference on zeros failed: " + e.getMessage(), e);
        } finally {
            probe.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Probabilities or logits, from one run on zeros: a softmax output's rows are non-negative and sum to 1
     * for any input, logits' almost never do. Null (undecided) when the model cannot run on zeros.
     */
    private static ScoresKind probeKind(OrtEnvironment env, OrtSession session, List<TensorSpec> inputs, String output) {
        Map<String, OnnxTensor> probe = new LinkedHashMap<>();
        try {
            for (TensorSpec spec : inputs) probe.put(spec.name(), OnnxValues.toOnnx(env, zeros(spec)));
            try (OrtSession.Result result = session.run(probe, java.util.Set.of(output))) {
                if (!(result.get(0) instanceof OnnxTensor t)) return null;
                Tensor scores = OnnxValues.fromOnnx(output, t);
                long[] shape = scores.shape();
                if (shape.length != 2 || shape[1] < 2) return null;
                double[] v = scores.values();
                for (int row = 0; row < shape[0]; row++) {
                    double sum = 0;
                    for (int c = 0; c < shape[1]; c++) {
                        double p = v[(int) (row * shape[1] + c)];
                        if (p < 0 || p > 1) return ScoresKind.LOGITS;
                        sum += p;
                    }
                    if (Math.abs(sum - 1) > 1e-4) return ScoresKind.LOGITS;
                }
                return ScoresKind.PROBABILITIES;
            }
        } catch (OrtException | RuntimeException e) {
            return null;
        } finally {
            probe.values().forEach(OnnxTensor::close);
        }
    }

    private static boolean numericValues(MapInfo info) {
        return info != null && (info.valueType == OnnxJavaType.FLOAT || info.valueType == OnnxJavaType.DOUBLE);
    }

    private static Tensor zeros(TensorSpec spec) {
        long[] shape = spec.shape();
        for (int i = 0; i < shape.length; i++) shape[i] = shape[i] < 0 ? 1 : shape[i];
        int n = Math.toIntExact(Tensor.elementCount(shape));
        if (spec.datatype() == DataType.BYTES) {
            String[] s = new String[n];
            Arrays.fill(s, "");
            return Tensor.bytes(spec.name(), shape, s);
        }
        return Tensor.numeric(spec.name(), spec.datatype(), shape, new double[n]);
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ModelException("cannot hash " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
        Map<String, Tensor> modelInputs = normalizes ? InputNormalizer.apply(metadata, inputs) : inputs;
        Map<String, OnnxTensor> onnxInputs = new LinkedHashMap<>();
        try {
            for (Tensor t : modelInputs.values()) onnxInputs.put(t.name(), OnnxValues.toOnnx(env, t));
            try (OrtSession.Result result = session.run(onnxInputs)) {
                Map<String, Tensor> outputs = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> entry : result) {
                    String name = entry.getKey();
                    OnnxValue value = entry.getValue();
                    ZipMapOutput zipMap = zipMaps.get(name);
                    outputs.put(name, zipMap != null ? zipMap.toScores((OnnxSequence) value)
                            : OnnxValues.fromOnnx(name, (OnnxTensor) value));
                }
                return outputs;
            }
        } catch (OrtException e) {
            throw new ModelException("inference failed in " + metadata.name() + ": " + e.getMessage(), e);
        } finally {
            onnxInputs.values().forEach(OnnxTensor::close);
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session == null) return;
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing: the load error is the one to report
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException("closing " + metadata.name() + ": " + e.getMessage(), e);
        }
    }
}
