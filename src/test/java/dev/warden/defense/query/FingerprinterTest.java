package dev.warden.defense.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.model.ValueRange;
import dev.warden.state.Fingerprint;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FingerprinterTest {
    static final LabeledImages IMAGES = FashionMnist.bundledTest(Path.of("").toAbsolutePath());

    static Fingerprinter fingerprinter(long seed) {
        byte[] secret = new byte[32];
        new SplittableRandom(seed).nextBytes(secret);
        QueryConfig c = QueryConfig.defaults();
        return new Fingerprinter(c.window(), c.stride(), c.hashes(), c.minTransitions(), c.quantization(), new ValueRange(0, 1), secret);
    }

    static int shared(Fingerprint a, Fingerprint b) {
        int n = 0;
        for (long x : a.hashes()) for (long y : b.hashes()) if (x == y) n++;
        return n;
    }

    static double[] noisy(double[] x, double sigma, SplittableRandom r) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1, Math.max(0, y[i] + sigma * (r.nextDouble() * 2 - 1)));
        return y;
    }

    @Test
    void sameInputSameFingerprintAndExactHash() {
        Fingerprinter f = fingerprinter(1);
        double[] x = IMAGES.image(0);
        Fingerprint a = f.fingerprint(x, 0, x.length);
        Fingerprint b = f.fingerprint(x.clone(), 0, x.length);
        assertThat(a).isEqualTo(b);
        assertThat(a.size()).isEqualTo(QueryConfig.DEFAULT_HASHES);
    }

    @Test
    void theHashIsKeyedBySecret() {
        double[] x = IMAGES.image(3);
        Fingerprint a = fingerprinter(1).fingerprint(x, 0, x.length);
        Fingerprint b = fingerprinter(2).fingerprint(x, 0, x.length);
        assertThat(shared(a, b)).isZero();
        assertThat(a.exact()).isNotEqualTo(b.exact());
    }

    @Test
    void nearIdenticalInputsShareMostHashesAndDifferInExactHash() {
        Fingerprinter f = fingerprinter(1);
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 20; i++) {
            double[] x = IMAGES.image(i);
            Fingerprint a = f.fingerprint(x, 0, x.length);
            Fingerprint b = f.fingerprint(noisy(x, 0.002, r), 0, x.length);
            assertThat(shared(a, b)).as("image %d", i).isGreaterThanOrEqualTo(QueryConfig.DEFAULT_THRESHOLD);
            assertThat(a.exact()).isNotEqualTo(b.exact());
        }
    }

    @Test
    void differentImagesShareFewHashes() {
        Fingerprinter f = fingerprinter(1);
        int over = 0;
        for (int i = 0; i < 100; i++) {
            Fingerprint a = f.fingerprint(IMAGES.image(i), 0, 784);
            Fingerprint b = f.fingerprint(IMAGES.image(i + 100), 0, 784);
            if (shared(a, b) >= QueryConfig.DEFAULT_THRESHOLD) over++;
        }
        assertThat(over).isZero();
    }

    @Test
    void blankBackgroundCountsOnceAndLowInformationInputsStillGetAFingerprint() {
        Fingerprinter f = fingerprinter(1);
        double[] blank = new double[784];
        Fingerprint b = f.fingerprint(blank, 0, 784);
        assertThat(b.size()).isEqualTo(1);
        double[] bar = new double[784];
        for (int i = 300; i < 340; i++) bar[i] = 1;
        assertThat(f.fingerprint(bar, 0, 784).size()).isBetween(2, QueryConfig.DEFAULT_HASHES);
    }

    @Test
    void itemsOfABatchAreFingerprintedByOffset() {
        Fingerprinter f = fingerprinter(1);
        double[] batch = new double[2 * 784];
        System.arraycopy(IMAGES.image(5), 0, batch, 0, 784);
        System.arraycopy(IMAGES.image(6), 0, batch, 784, 784);
        assertThat(f.fingerprint(batch, 784, 784)).isEqualTo(f.fingerprint(IMAGES.image(6), 0, 784));
    }
}
