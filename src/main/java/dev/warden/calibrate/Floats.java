package dev.warden.calibrate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Packs arrays as base64 little-endian float32: a quarter of the size of decimal JSON, exact for FP32 features. */
public final class Floats {
    private Floats() {
    }

    public static String encode(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) b.putFloat((float) v);
        return Base64.getEncoder().encodeToString(b.array());
    }

    public static double[] decode(String text, int expected, String what) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64: " + e.getMessage());
        }
        if (raw.length != expected * Float.BYTES) {
            throw new IllegalArgumentException(what + " holds " + raw.length / Float.BYTES + " values, expected " + expected);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[expected];
        for (int i = 0; i < expected; i++) out[i] = b.getFloat();
        return out;
    }
}
