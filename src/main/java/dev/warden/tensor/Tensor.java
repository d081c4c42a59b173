package dev.warden.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named tensor: OIP datatype, shape and flat row-major data. Numeric tensors hold their elements as
 * {@code double} (exact for every OIP integer type up to 2^53); BYTES tensors hold strings. Arrays are
 * shared, not copied, for the hot path: treat them as read-only once a tensor is built.
 */
public final class Tensor {
    private final String name;
    private final DataType datatype;
    private final long[] shape;
    private final double[] values;
    private final String[] strings;

    private Tensor(String name, DataType datatype, long[] shape, double[] values, String[] strings) {
        this.name = Objects.requireNonNull(name, "name");
        this.datatype = Objects.requireNonNull(datatype, "datatype");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.values = values;
        this.strings = strings;
        long expected = elementCount(shape);
        long actual = values != null ? values.length : strings.length;
        if (expected != actual) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape)
                    + " holds " + expected + " elements but data has " + actual);
        }
    }

    public static Tensor numeric(String name, DataType datatype, long[] shape, double[] values) {
        if (!datatype.isNumeric()) throw new IllegalArgumentException("tensor '" + name + "': BYTES is not numeric");
        return new Tensor(name, datatype, shape, Objects.requireNonNull(values, "values"), null);
    }

    public static Tensor fp32(String name, long[] shape, double[] values) {
        return numeric(name, DataType.FP32, shape, values);
    }

    public static Tensor bytes(String name, long[] shape, String[] strings) {
        return new Tensor(name, DataType.BYTES, shape, null, Objects.requireNonNull(strings, "strings"));
    }

    public String name() {
        return name;
    }

    public DataType datatype() {
        return datatype;
    }

    public long[] shape() {
        return shape;
    }

    public boolean isNumeric() {
        return values != null;
    }

    public double[] values() {
        if (values == null) throw new IllegalStateException("tensor '" + name + "' is BYTES, not numeric");
        return values;
    }

    public String[] strings() {
        if (strings == null) throw new IllegalStateException("tensor '" + name + "' is numeric, not BYTES");
        return strings;
    }

    public int size() {
        return values != null ? values.length : strings.length;
    }

    /** The first dimension, taken as the batch size; 1 for a scalar. */
    public long batchSize() {
        return shape.length == 0 ? 1 : shape[0];
    }

    public Tensor renamed(String newName) {
        return new Tensor(newName, datatype, shape, values, strings);
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public String toString() {
        return "Tensor[" + name + ", " + datatype + ", " + Arrays.toString(shape) + "]";
    }
}
