package dev.warden.guard;

/**
 * Numbers for decision messages without {@link java.util.Formatter}: a refusal is rare enough that the JIT never
 * compiles {@code String.format}'s path for it, and interpreted it cost an ood refusal about 180 µs, which set
 * the guard's p99 (docs/benchmarks.md, "The refusal path").
 */
public final class Decimals {
    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

    private Decimals() {
    }

    /** As {@code %.<digits>g} prints it (1 to 9 digits): plain from 1e-4 to below 10^digits, else {@code 1.235e+07}. */
    public static String significant(double value, int digits) {
        if (digits < 1 || digits >= POWERS.length) throw new IllegalArgumentException("digits must be between 1 and 9");
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) return Double.toString(value);
        StringBuilder b = new StringBuilder(16);
        if (value < 0) b.append('-');
        double v = Math.abs(value);
        int exponent = (int) Math.floor(Math.log10(v));
        long mantissa = Math.round(v / Math.pow(10, exponent) * POWERS[digits - 1]);
        if (mantissa >= POWERS[digits]) {
            mantissa /= 10;
            exponent++;
        }
        if (exponent < -4 || exponent >= digits) {
            digitsWithPoint(b, mantissa, digits - 1);
            b.append('e').append(exponent < 0 ? '-' : '+');
            pad(b, Math.abs(exponent), 2);
            return b.toString();
        }
        // Plain: the mantissa's digits with the point after the (exponent + 1)th.
        digitsWithPoint(b, mantissa, digits - 1 - exponent);
        return b.toString();
    }

    /** As {@code %.<decimals>f} prints it (0 to 9 decimals). */
    public static String fixed(double value, int decimals) {
        if (decimals < 0 || decimals >= POWERS.length) throw new IllegalArgumentException("decimals must be between 0 and 9");
        if (Double.isNaN(value) || Double.isInfinite(value) || Math.abs(value) >= 1e9) return Double.toString(value);
        long scaled = Math.round(Math.abs(value) * POWERS[decimals]);
        StringBuilder b = new StringBuilder(16);
        if (value < 0 && scaled != 0) b.append('-');
        digitsWithPoint(b, scaled, decimals);
        return b.toString();
    }

    /** {@code scaled / 10^decimals} with exactly {@code decimals} digits after the point. */
    private static void digitsWithPoint(StringBuilder b, long scaled, int decimals) {
        b.append(scaled / POWERS[decimals]);
        if (decimals > 0) {
            b.append('.');
            pad(b, scaled % POWERS[decimals], decimals);
        }
    }

    private static void pad(StringBuilder b, long value, int digits) {
        String s = Long.toString(value);
        for (int i = s.length(); i < digits; i++) b.append('0');
        b.append(s);
    }
}
