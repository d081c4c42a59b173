package dev.warden.oip;

import java.util.Arrays;

/** Overflow-safe arithmetic on declared shapes, done before anything is sized from them. */
final class Shapes {
    private Shapes() {
    }

    /**
     * The element count a shape implies. A zero dimension makes the count zero whatever the others are;
     * a product past {@code Long.MAX_VALUE} is refused rather than wrapped.
     */
    static long elementCount(long[] shape, String where) {
        for (long d : shape) {
            if (d == 0) return 0;
        }
        long n = 1;
        for (long d : shape) {
            if (n > Long.MAX_VALUE / d) {
                throw new OipFormatException(OipFormatException.SHAPE_OVERFLOW,
                        where + ": shape " + Arrays.toString(shape) + " has more elements than a 64-bit count can hold");
            }
            n *= d;
        }
        return n;
    }

    /** True where the model's shape (-1 for a free dimension) admits the given one. */
    static boolean admits(long[] declared, long[] shape) {
        if (declared.length != shape.length) return false;
        for (int i = 0; i < shape.length; i++) {
            if (declared[i] >= 0 && declared[i] != shape[i]) return false;
        }
        return true;
    }
}
