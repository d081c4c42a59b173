package dev.warden.tensor;

import java.util.Locale;

/** Tensor element types, named as the Open Inference Protocol v2 names them. */
public enum DataType {
    BOOL(1), UINT8(1), UINT16(2), UINT32(4), UINT64(8), INT8(1), INT16(2), INT32(4), INT64(8),
    FP16(2), FP32(4), FP64(8), BYTES(-1);

    /** The largest finite half-precision value: larger ones become infinite in an FP16 tensor. */
    public static final double FP16_MAX = 65504;

    private final int byteSize;

    DataType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element, or -1 for variable-length BYTES. */
    public int byteSize() {
        return byteSize;
    }

    public boolean isFloating() {
        return this == FP16 || this == FP32 || this == FP64;
    }

    public boolean isNumeric() {
        return this != BYTES;
    }

    /** Parses an OIP datatype name; returns null when the name is not one. */
    public static DataType fromOip(String name) {
        if (name == null) return null;
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether a value (already known to be finite for integer types) fits this type without loss. */
    public boolean accepts(double v) {
        return switch (this) {
            case BOOL -> v == 0 || v == 1;
            case UINT8 -> isWhole(v) && v >= 0 && v <= 255;
            case UINT16 -> isWhole(v) && v >= 0 && v <= 65535;
            case UINT32 -> isWhole(v) && v >= 0 && v <= 4294967295.0;
            case UINT64 -> isWhole(v) && v >= 0 && v <= 0x1p53;
            case INT8 -> isWhole(v) && v >= -128 && v <= 127;
            case INT16 -> isWhole(v) && v >= -32768 && v <= 32767;
            case INT32 -> isWhole(v) && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            case INT64 -> isWhole(v) && Math.abs(v) <= 0x1p53;
            case FP16 -> Math.abs(v) <= FP16_MAX;
            case FP32 -> Math.abs(v) <= Float.MAX_VALUE;
            case FP64 -> true;
            case BYTES -> false;
        };
    }

    private static boolean isWhole(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v);
    }
}
