package dev.warden.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class DecimalsTest {
    private static final double[] VALUES = {1, 12.34567, 0.001234567, 123456.7, 9999.6, 1234.5, 99.996, 0.5, 7.0, -3.14159,
            1e-3, 0.0001234, 42, 12_345_678, 0.00001234567, -9.9999e9, 0.0625, 2.5e-7, 987.654321};

    @Test
    void printsSignificantDigitsAsPercentGDoes() {
        for (int digits : new int[] {3, 4}) {
            for (double v : VALUES) {
                assertThat(Decimals.significant(v, digits)).as("%s at %d digits", v, digits)
                        .isEqualTo(String.format(Locale.ROOT, "%." + digits + "g", v));
            }
        }
    }

    @Test
    void printsFixedDecimalsAsPercentFDoes() {
        for (int decimals : new int[] {0, 3}) {
            for (double v : VALUES) {
                if (Math.abs(v) >= 1e9) continue;
                assertThat(Decimals.fixed(v, decimals)).as("%s at %d decimals", v, decimals)
                        .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", v));
            }
        }
        assertThat(Decimals.fixed(-0.0001, 3)).isEqualTo("0.000");
    }

    @Test
    void namesWhatItCannotPrint() {
        assertThat(Decimals.significant(0, 4)).isEqualTo("0.0");
        assertThat(Decimals.significant(Double.NaN, 4)).isEqualTo("NaN");
        assertThat(Decimals.fixed(Double.POSITIVE_INFINITY, 3)).isEqualTo("Infinity");
        assertThatThrownBy(() -> Decimals.significant(1, 0)).hasMessageContaining("digits");
        assertThatThrownBy(() -> Decimals.fixed(1, 12)).hasMessageContaining("decimals");
    }
}
