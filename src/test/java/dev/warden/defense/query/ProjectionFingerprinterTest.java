package dev.warden.defense.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.state.Fingerprint;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProjectionFingerprinterTest {
    static final double[] CENTRE = meanOfBundledTraining();

    static double[] meanOfBundledTraining() {
        var train = dev.warden.data.FashionMnist.bundledTrain(java.nio.file.Path.of("").toAbsolutePath());
        double[] mean = new double[784];
        for (int i = 0; i < train.count(); i++) {
            double[] x = train.image(i);
            for (int j = 0; j < 784; j++) mean[j] += x[j] / train.count();
        }
        return mean;
    }

    static ProjectionFingerprinter projections(long seed) {
        byte[] secret = new byte[32];
        new SplittableRandom(seed).nextBytes(secret);
        return new ProjectionFingerprinter(CENTRE, QueryConfig.DEFAULT_BITS, QueryConfig.DEFAULT_PROJECTION_HASHES, secret);
    }

    static double[] uniformNoise(double[] x, double amplitude, SplittableRandom r) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1, Math.max(0, y[i] + (r.nextDouble() * 2 - 1) * amplitude));
        return y;
    }

    @Test
    void copiesWithNoiseOnEveryPixelStillMatchWhereWindowsDoNot() {
        ProjectionFingerprinter p = projections(1);
        Fingerprinter windows = FingerprinterTest.fingerprinter(1);
        SplittableRandom r = new SplittableRandom(2);
        int projected = 0, windowed = 0;
        for (int i = 0; i < 50; i++) {
            double[] x = FingerprinterTest.IMAGES.image(i);
            double[] disguised = uniformNoise(x, 0.05, r);
            if (FingerprinterTest.shared(p.fingerprint(x, 0, 784), p.fingerprint(disguised, 0, 784)) >= QueryConfig.DEFAULT_PROJECTION_THRESHOLD) projected++;
            if (FingerprinterTest.shared(windows.fingerprint(x, 0, 784), windows.fingerprint(disguised, 0, 784)) >= QueryConfig.DEFAULT_THRESHOLD) windowed++;
        }
        assertThat(projected).as("projections match noisy copies").isGreaterThanOrEqualTo(45);
        assertThat(windowed).as("windows lose them").isLessThan(projected);
    }

    @Test
    void differentImagesRarelyMatchAndTheSecretDecidesTheHashes() {
        ProjectionFingerprinter p = projections(1);
        int matched = 0;
        for (int i = 0; i < 100; i++) {
            Fingerprint a = p.fingerprint(FingerprinterTest.IMAGES.image(i), 0, 784);
            Fingerprint b = p.fingerprint(FingerprinterTest.IMAGES.image(i + 100), 0, 784);
            if (FingerprinterTest.shared(a, b) >= QueryConfig.DEFAULT_PROJECTION_THRESHOLD) matched++;
        }
        assertThat(matched).isLessThanOrEqualTo(2);
        double[] x = FingerprinterTest.IMAGES.image(3);
        assertThat(FingerprinterTest.shared(p.fingerprint(x, 0, 784), projections(2).fingerprint(x, 0, 784))).isZero();
    }

    @Test
    void anItemOfABatchFingerprintsLikeTheImageAloneAndExactRepeatsAreKnown() {
        ProjectionFingerprinter p = projections(1);
        double[] batch = new double[2 * 784];
        System.arraycopy(FingerprinterTest.IMAGES.image(5), 0, batch, 0, 784);
        System.arraycopy(FingerprinterTest.IMAGES.image(6), 0, batch, 784, 784);
        assertThat(p.fingerprint(batch, 784, 784)).isEqualTo(p.fingerprint(FingerprinterTest.IMAGES.image(6), 0, 784));
        double[] x = FingerprinterTest.IMAGES.image(7);
        double[] nudged = x.clone();
        nudged[400] = Math.min(1, nudged[400] + 1 / 255.0);
        assertThat(p.fingerprint(x, 0, 784).exact()).isNotEqualTo(p.fingerprint(nudged, 0, 784).exact());
    }
}
