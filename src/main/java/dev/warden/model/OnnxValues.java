package dev.warden.model;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;

/** Conversions between Warden's {@link Tensor} and ONNX Runtime tensors, for every datatype both support. */
final class OnnxValues {
    private OnnxValues() {
    }

    static DataType dataType(OnnxJavaType type) {
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

    static OnnxTensor toOnnx(OrtEnvironment env, Tensor t) throws OrtException {
        long[] shape = t.shape();
        if (t.datatype() == DataType.BYTES) return OnnxTensor.createTensor(env, t.strings(), shape);
        double[] v = t.values();
        return switch (t.datatype()) {
            case FP32 -> {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
                yield OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
            }
            case FP16 -> {
                ShortBuffer b = ByteBuffer.allocateDirect(v.length * 2).order(ByteOrder.nativeOrder()).asShortBuffer();
                for (double x : v) b.put(Fp16Conversions.floatToFp16((float) x));
                b.flip();
                yield OnnxTensor.createTensor(env, b, shape, OnnxJavaType.FLOAT16);
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

    static Tensor fromOnnx(String name, OnnxTensor t) throws OrtException {
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        DataType type = dataType(info.type);
        if (type == DataType.BYTES) {
            List<String> flat = new ArrayList<>();
            flatten(t.getValue(), flat);
            return Tensor.bytes(name, shape, flat.toArray(String[]::new));
        }
        double[] values;
        switch (info.type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                values = new double[b.remaining()];
                for (int i = 0; i < values.length; i++) values[i] = b.get(i);
            }
            case FLOAT16 -> {
                ShortBuffer b = t.getShortBuffer();
                values = new double[b.remaining()];
                for (int i = 0; i < values.length; i++) values[i] = Fp16Conversions.fp16ToFloat(b.get(i));
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
            case INT16 -> {
                ShortBuffer b = t.getShortBuffer();
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

    private static void flatten(Object value, List<String> out) {
        if (value instanceof String s) {
            out.add(s);
        } else if (value != null && value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) flatten(Array.get(value, i), out);
        } else {
            throw new ModelException("unexpected string tensor element " + value);
        }
    }
}
