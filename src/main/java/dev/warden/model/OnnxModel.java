package dev.warden.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model run in-process by ONNX Runtime. One {@link OrtSession} is shared by all threads (ONNX Runtime
 * documents {@code run} as thread-safe). Input and output specs come from the session; labels, range and
 * output roles come from the sidecar JSON beside the file when there is one.
 */
public final class OnnxModel implements Model {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelMetadata metadata;

    private OnnxModel(OrtEnvironment env, OrtSession session, ModelMetadata metadata) {
        this.env = env;
        this.session = session;
        this.metadata = metadata;
    }

    /** Loads {@code file} with the sidecar beside it (if any); {@code name} overrides the sidecar's name when not null. */
    public static OnnxModel load(Path file, String name, int intraOpThreads) {
        return load(file, name, intraOpThreads, null);
    }

    /** As {@link #load(Path, String, int)}, with an explicit sidecar; null falls back to the one beside the file. */
    public static OnnxModel load(Path file, String name, int intraOpThreads, ModelSidecar explicitSidecar) {
        if (!Files.isRegularFile(file)) throw new ModelException("model file not found: " + file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(file.toString(), options);
            ModelSidecar sidecar = explicitSidecar != null ? explicitSidecar : ModelSidecar.besides(file);
            return new OnnxModel(env, session, describe(session, file, name, sidecar));
        } catch (OrtException e) {
            throw new ModelException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    public static OnnxModel load(Path file) {
        return load(file, null, 1);
    }

    private static ModelMetadata describe(OrtSession session, Path file, String name, ModelSidecar sidecar)
            throws OrtException {
        String stem = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        String modelName = name != null ? name : sidecar != null && sidecar.name() != null ? sidecar.name() : stem;
        return new ModelMetadata(
                modelName,
                sidecar != null ? sidecar.version() : "1",
                "onnxruntime",
                specs(session.getInputInfo()),
                specs(session.getOutputInfo()),
                sidecar != null ? sidecar.labels() : null,
                sidecar != null ? sidecar.range() : null,
                sidecar != null ? sidecar.layout() : null,
                sidecar != null ? sidecar.scoresOutput() : null,
                sidecar != null ? sidecar.kind() : null,
                sidecar != null ? sidecar.featuresOutput() : null,
                sha256(file));
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> nodes) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new ModelException("node '" + node.getName() + "' is not a tensor; only tensor inputs and outputs are supported");
            }
            specs.add(new TensorSpec(node.getName(), dataType(info.type), info.getShape()));
        }
        return specs;
    }

    private static DataType dataType(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> DataType.FP32;
            case DOUBLE -> DataType.FP64;
            case FLOAT16 -> DataType.FP16;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case INT16 -> DataType.INT16;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case BOOL -> DataType.BOOL;
            case STRING -> DataType.BYTES;
            default -> throw new ModelException("unsupported ONNX element type " + type);
        };
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
        Map<String, OnnxTensor> onnxInputs = new LinkedHashMap<>();
        try {
            for (Tensor t : inputs.values()) onnxInputs.put(t.name(), toOnnx(t));
            try (OrtSession.Result result = session.run(onnxInputs)) {
                Map<String, Tensor> outputs = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> entry : result) {
                    outputs.put(entry.getKey(), fromOnnx(entry.getKey(), (OnnxTensor) entry.getValue()));
                }
                return outputs;
            }
        } catch (OrtException e) {
            throw new ModelException("inference failed in " + metadata.name() + ": " + e.getMessage(), e);
        } finally {
            onnxInputs.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOnnx(Tensor t) throws OrtException {
        double[] v = t.values();
        long[] shape = t.shape();
        return switch (t.datatype()) {
            case FP32 -> {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
                yield OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
            }
            case FP64 -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(v), shape);
            case INT64 -> {
                long[] l = new long[v.length];
                for (int i = 0; i < v.length; i++) l[i] = (long) v[i];
                yield OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape);
            }
            case INT32 -> {
                int[] n = new int[v.length];
                for (int i = 0; i < v.length; i++) n[i] = (int) v[i];
                yield OnnxTensor.createTensor(env, IntBuffer.wrap(n), shape);
            }
            case UINT8, INT8, BOOL -> {
                ByteBuffer b = ByteBuffer.allocateDirect(v.length);
                for (double x : v) b.put((byte) (int) x);
                b.flip();
                OnnxJavaType type = t.datatype() == DataType.UINT8 ? OnnxJavaType.UINT8
                        : t.datatype() == DataType.BOOL ? OnnxJavaType.BOOL : OnnxJavaType.INT8;
                yield OnnxTensor.createTensor(env, b, shape, type);
            }
            default -> throw new ModelException("datatype " + t.datatype() + " of input '" + t.name()
                    + "' is not supported by the onnx backend");
        };
    }

    private static Tensor fromOnnx(String name, OnnxTensor t) {
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        double[] values;
        DataType type = dataType(info.type);
        switch (info.type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                values = new double[b.remaining()];
                for (int i = 0; i < values.length; i++) values[i] = b.get(i);
            }
            case DOUBLE -> {
                DoubleBuffer b = t.getDoubleBuffer();
                values = new double[b.remaining()];
                b.get(values);
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                values = new double[b.remaining()];
                for (int i = 0; i < values.length; i++) values[i] = b.get(i);
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                values = new double[b.remaining()];
                for (int i = 0; i < values.length; i++) values[i] = b.get(i);
            }
            case UINT8, INT8, BOOL -> {
                ByteBuffer b = t.getByteBuffer();
                values = new double[b.remaining()];
                boolean unsigned = info.type != OnnxJavaType.INT8;
                for (int i = 0; i < values.length; i++) values[i] = unsigned ? (b.get(i) & 0xff) : b.get(i);
            }
            default -> throw new ModelException("output '" + name + "' has unsupported type " + info.type);
        }
        return Tensor.numeric(name, type, shape, values);
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
