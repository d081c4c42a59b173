package dev.warden.failures;

import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical bytes of a tensor, which evidence is stored and matched by: row-major elements,
 * little-endian, each at its datatype's width (FP16 widened to FP32, BOOL one byte, BYTES as a 4-byte
 * length then UTF-8), with -0.0 written as 0.0. The same layout as OIP's binary tensor extension, so a
 * query's example and a recorded example hash alike when the model would see the same values.
 */
public final class TensorBytes {
    private TensorBytes() {
    }

    public static byte[] encode(Tensor t) {
        return encode(t, 0, t.size());
    }

    /** The canonical bytes of example {@code index} of a batch (the first dimension). */
    public static byte[] example(Tensor t, int index) {
        int per = perExample(t);
        return encode(t, index * per, per);
    }

    public static int perExample(Tensor t) {
        long batch = t.batchSize();
        return batch == 0 ? 0 : (int) (t.size() / batch);
    }

    private static byte[] encode(Tensor t, int from, int count) {
        if (!t.isNumeric()) return encodeStrings(t.strings(), from, count);
        DataType type = t.datatype();
        int width = type == DataType.FP16 ? 4 : type.byteSize();
        ByteBuffer b = ByteBuffer.allocate(count * width).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = t.values();
        for (int i = from; i < from + count; i++) {
            double x = v[i] == 0 ? 0.0 : v[i];
            switch (type) {
                case BOOL, UINT8, INT8 -> b.put((byte) (long) x);
                case UINT16, INT16 -> b.putShort((short) (long) x);
                case UINT32, INT32 -> b.putInt((int) (long) x);
                case UINT64, INT64 -> b.putLong((long) x);
                case FP16, FP32 -> b.putFloat((float) x);
                case FP64 -> b.putDouble(x);
                default -> throw new IllegalStateException("unexpected datatype " + type);
            }
        }
        return b.array();
    }

    private static byte[] encodeStrings(String[] s, int from, int count) {
        byte[][] parts = new byte[count][];
        int total = 0;
        for (int i = 0; i < count; i++) {
            parts[i] = s[from + i].getBytes(StandardCharsets.UTF_8);
            total += 4 + parts[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] p : parts) b.putInt(p.length).put(p);
        return b.array();
    }

    public static Tensor decode(String name, DataType type, long[] shape, byte[] bytes) {
        long n = Tensor.elementCount(shape);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (type == DataType.BYTES) {
            String[] s = new String[(int) n];
            for (int i = 0; i < n; i++) {
                byte[] p = new byte[b.getInt()];
                b.get(p);
                s[i] = new String(p, StandardCharsets.UTF_8);
            }
            return Tensor.bytes(name, shape, s);
        }
        int width = type == DataType.FP16 ? 4 : type.byteSize();
        if (bytes.length != n * width) {
            throw new IllegalArgumentException("tensor '" + name + "': " + bytes.length + " bytes do not hold "
                    + n + " " + type + " elements");
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case BOOL, INT8 -> b.get();
                case UINT8 -> Byte.toUnsignedInt(b.get());
                case INT16 -> b.getShort();
                case UINT16 -> Short.toUnsignedInt(b.getShort());
                case INT32 -> b.getInt();
                case UINT32 -> Integer.toUnsignedLong(b.getInt());
                case INT64, UINT64 -> b.getLong();
                case FP16, FP32 -> b.getFloat();
                case FP64 -> b.getDouble();
                default -> throw new IllegalStateException("unexpected datatype " + type);
            };
        }
        return Tensor.numeric(name, type, shape, v);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
