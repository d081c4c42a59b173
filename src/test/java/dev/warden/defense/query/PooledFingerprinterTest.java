package dev.warden.defense.query;

import static dev.warden.defense.query.FingerprinterTest.IMAGES;
import static dev.warden.defense.query.FingerprinterTest.fingerprinter;
import static dev.warden.defense.query.FingerprinterTest.noisy;
import static dev.warden.defense.query.FingerprinterTest.shared;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import dev.warden.state.Fingerprint;
import dev.warden.tensor.DataType;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PooledFingerprinterTest {
    private static ModelMetadata model(long... shape) {
        return new ModelMetadata("m", "1", "test", List.of(new TensorSpec("input", DataType.FP32, shape)),
                List.of(new TensorSpec("logits", DataType.FP32, new long[]{-1, 10})), null, new ValueRange(0, 1), "NCHW",
                null, null, null, null, null);
    }

    /** Test image {@code i} as a 3x224x224 RGB image (each pixel an 8x8 block, the channels a little apart). */
    static double[] large(int i) {
        double[] small = IMAGES.image(i);
        double[] out = new double[3 * 224 * 224];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 224; y++) {
                for (int x = 0; x < 224; x++) out[c * 224 * 224 + y * 224 + x] = small[(y / 8) * 28 + x / 8] * (1 - 0.1 * c);
            }
        }
        return out;
    }

    @Test
    void theBundledModelsAreFingerprintedValueByValueAsBefore() {
        Fingerprinter plain = fingerprinter(1);
        assertThat(PooledFingerprinter.of(plain, model(-1, 1, 28, 28))).isSameAs(plain);
        assertThat(PooledFingerprinter.of(plain, model(-1, 3, 32, 32))).isSameAs(plain);
        assertThat(PooledFingerprinter.factorFor(model(-1, 3, 224, 224))).isEqualTo(7);
    }

    @Test
    void nearCopiesOfALargeImageMatchAndDifferentImagesDoNot() {
        InputFingerprinter f = PooledFingerprinter.of(fingerprinter(1), model(-1, 3, 224, 224));
        assertThat(f).isInstanceOf(PooledFingerprinter.class);
        SplittableRandom r = new SplittableRandom(3);
        int threshold = QueryConfig.DEFAULT_THRESHOLD;
        for (int i = 0; i < 10; i++) {
            double[] x = large(i);
            Fingerprint a = f.fingerprint(x, 0, x.length);
            assertThat(a.size()).isEqualTo(QueryConfig.DEFAULT_HASHES);
            double[] y = noisy(x, 0.03, r);
            Fingerprint b = f.fingerprint(y, 0, y.length);
            assertThat(shared(a, b)).as("image %d and a noisy copy", i).isGreaterThanOrEqualTo(threshold);
            assertThat(b.exact()).isNotEqualTo(a.exact());
            double[] other = large(i + 100);
            assertThat(shared(a, f.fingerprint(other, 0, other.length))).as("images %d and %d", i, i + 100).isLessThan(threshold);
        }
    }

    @Test
    void aPerturbationThatCancelsWithinEachBlockIsANearCopyNotARepeat() {
        InputFingerprinter f = PooledFingerprinter.of(fingerprinter(1), model(-1, 3, 224, 224));
        double[] x = large(5);
        double[] y = x.clone();
        for (int i = 0; i + 1 < y.length; i += 2) {
            if (y[i] >= 0.1 && y[i] <= 0.9 && y[i + 1] >= 0.1 && y[i + 1] <= 0.9) {
                y[i] += 0.05;
                y[i + 1] -= 0.05;
            }
        }
        Fingerprint a = f.fingerprint(x, 0, x.length);
        Fingerprint b = f.fingerprint(y, 0, y.length);
        assertThat(b.exact()).isNotEqualTo(a.exact());
        assertThat(shared(a, b)).isGreaterThanOrEqualTo(QueryConfig.DEFAULT_THRESHOLD);
    }

    @Test
    void theExactHashFedRowByRowIsTheHashOfTheWholeInput() {
        Fingerprinter plain = fingerprinter(1);
        SplittableRandom r = new SplittableRandom(9);
        // 224 wide: fed as pooling reads each row; 45 wide: not a multiple of four, hashed in its own pass.
        for (long[] shape : new long[][]{{-1, 3, 224, 224}, {-1, 3, 45, 45}}) {
            InputFingerprinter f = PooledFingerprinter.of(plain, model(shape));
            assertThat(f).isInstanceOf(PooledFingerprinter.class);
            double[] image = new double[(int) (shape[1] * shape[2] * shape[3])];
            for (int i = 0; i < image.length; i++) image[i] = r.nextDouble();
            assertThat(f.fingerprint(image, 0, image.length).exact()).isEqualTo(plain.exact(image, 0, image.length));
            double[] batch = new double[image.length * 2];
            System.arraycopy(image, 0, batch, image.length, image.length);
            assertThat(f.fingerprint(batch, image.length, image.length).exact()).isEqualTo(plain.exact(image, 0, image.length));
        }
    }
}
