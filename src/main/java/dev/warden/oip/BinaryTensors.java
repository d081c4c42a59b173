package dev.warden.oip;

import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Tensors as raw bytes, the layout of OIP's binary tensor extension and of KServe v2 gRPC's
 * {@code raw_input_contents}/{@code raw_output_contents}: row-major, little-endian, each element at its datatype's
 * width (FP16 as IEEE half), BYTES as a 4-byte little-endian length then the bytes. Decoding is strict: the byte
 * count must be exactly what the declared shape needs, checked before any array is allocated, so a short body that
 * declares a huge tensor costs nothing.
 */
public final class BinaryTensors {
    private BinaryTensors() {
    }

    /** The bytes a numeric tensor of {@code shape} takes; -1 for BYTES (variable); throws on overflow. */
    public static long byteSize(DataType type, long[] shape) {
        if (type == DataType.BYTES) return -1;
        try {
            return Math.multiplyExact(Tensor.elementCount(shape), type.byteSize());
        } catch (ArithmeticException e) {
            throw new OipFormatException("shape " + Arrays.toString(shape) + " is too large");
        } catch (IllegalArgumentException e) {
            throw new OipFormatException(e.getMessage());
        }
    }

    public static Tensor decode(String name, DataType type, long[] shape, ByteBuffer raw) {
        ByteBuffer b = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        long n;
        try {
            n = Tensor.elementCount(shape);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new OipFormatException("input '" + name + "': shape " + Arrays.toString(shape) + " is not a valid tensor shape");
        }
        if (type == DataType.BYTES) return decodeStrings(name, shape, n, b);
        long expected = byteSize(type, shape);
        if (b.remaining() != expected) {
            throw new OipFormatException("input '" + name + "': " + b.remaining() + " bytes of binary data, but " + type
                    + " " + Arrays.toString(shape) + " needs " + expected);
        }
        double[] v = new double[(int) n];
        if (type == DataType.FP32 || type == DataType.FP64) {
            decodeFloating(type, b, v);
            return Tensor.numeric(name, type, shape, v);
        }
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case BOOL, INT8 -> b.get();
                case UINT8 -> b.get() & 0xff;
                case INT16 -> b.getShort();
                case UINT16 -> b.getShort() & 0xffff;
                case INT32 -> b.getInt();
                case UINT32 -> b.getInt() & 0xffffffffL;
                case INT64 -> b.getLong();
                case UINT64 -> unsigned(b.getLong());
                case FP16 -> halfToFloat(b.getShort());
                case FP32 -> b.getFloat();
                case FP64 -> b.getDouble();
                case BYTES -> throw new IllegalStateException("BYTES handled above");
            };
        }
        if (type == DataType.BOOL) {
            for (double x : v) if (x != 0 && x != 1) throw new OipFormatException("input '" + name + "': BOOL elements must be 0 or 1");
        }
        return Tensor.numeric(name, type, shape, v);
    }

    /**
     * The common image datatypes in bulk: the bytes copied out in one call (no per-element bounds and order
     * checks), then widened in a loop the JIT vectorizes, instead of a datatype switch per element.
     */
    private static void decodeFloating(DataType type, ByteBuffer b, double[] v) {
        if (type == DataType.FP64) {
            b.asDoubleBuffer().get(v);
            return;
        }
        float[] f = new float[v.length];
        b.asFloatBuffer().get(f);
        for (int i = 0; i < f.length; i++) v[i] = f[i];
    }

    private static Tensor decodeStrings(String name, long[] shape, long n, ByteBuffer b) {
        // Each element takes at least its 4-byte length: refuse a count the bytes cannot hold before allocating.
        if (n > b.remaining() / 4) {
            throw new OipFormatException("input '" + name + "': " + b.remaining() + " bytes cannot hold " + n + " BYTES elements");
        }
        String[] s = new String[(int) n];
        try {
            for (int i = 0; i < n; i++) {
                int length = b.getInt();
                if (length < 0 || length > b.remaining()) {
                    throw new OipFormatException("input '" + name + "': BYTES element " + i + " declares " + length
                            + " bytes but " + b.remaining() + " remain");
                }
                byte[] p = new byte[length];
                b.get(p);
                s[i] = new String(p, StandardCharsets.UTF_8);
            }
        } catch (BufferUnderflowException e) {
            throw new OipFormatException("input '" + name + "': BYTES data ends early");
        }
        if (b.hasRemaining()) throw new OipFormatException("input '" + name + "': " + b.remaining() + " bytes after the last BYTES element");
        return Tensor.bytes(name, shape, s);
    }

    public static byte[] encode(Tensor t) {
        if (!t.isNumeric()) return encodeStrings(t.strings());
        DataType type = t.datatype();
        double[] v = t.values();
        ByteBuffer b = ByteBuffer.allocate(v.length * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            switch (type) {
                case BOOL, UINT8, INT8 -> b.put((byte) (long) x);
                case UINT16, INT16 -> b.putShort((short) (long) x);
                case UINT32, INT32 -> b.putInt((int) (long) x);
                case UINT64, INT64 -> b.putLong((long) x);
                case FP16 -> b.putShort(floatToHalf((float) x));
                case FP32 -> b.putFloat((float) x);
                case FP64 -> b.putDouble(x);
                case BYTES -> throw new IllegalStateException("BYTES handled above");
            }
        }
        return b.array();
    }

    private static byte[] encodeStrings(String[] strings) {
        byte[][] parts = new byte[strings.length][];
        int total = 0;
        for (int i = 0; i < strings.length; i++) {
            parts[i] = strings[i].getBytes(StandardCharsets.UTF_8);
            total += 4 + parts[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] p : parts) b.putInt(p.length).put(p);
        return b.array();
    }

    private static double unsigned(long bits) {
        return bits >= 0 ? bits : (double) (bits >>> 1) * 2.0 + (bits & 1);
    }

    // IEEE 754 binary16 <-> binary32 (Java 17 has no Float.float16ToFloat).
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);
            float value = mant / 1024f * 0x1p-14f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    static short floatToHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        if (Float.isNaN(f)) return (short) (sign | 0x7e00);
        float abs = Math.abs(f);
        if (abs >= 65520f) return (short) (sign | 0x7c00);
        if (abs < 0x1p-24f) return (short) sign;
        if (abs < 0x1p-14f) return (short) (sign | Math.round(abs / 0x1p-24f));
        int exp = Math.getExponent(abs);
        int mant = Math.round((abs / (float) Math.pow(2, exp) - 1f) * 1024f);
        if (mant == 1024) {
            mant = 0;
            exp++;
        }
        return (short) (sign | ((exp + 15) << 10) | mant);
    }
}
