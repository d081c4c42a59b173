package dev.warden.defense.knownfailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.defense.query.FingerprintSettings;
import dev.warden.defense.query.QueryConfig;
import dev.warden.failures.EvidenceInput;
import dev.warden.failures.FailureDatabase;
import dev.warden.failures.TensorBytes;
import dev.warden.failures.store.KnownInput;
import dev.warden.model.ValueRange;
import dev.warden.state.StateUnavailableException;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FingerprintMatcherTest {
    static final LabeledImages IMAGES = FashionMnist.bundledTest(Path.of("").toAbsolutePath());
    static final long[] ONE = {1, 1, 28, 28};

    static byte[] secret(long seed) {
        byte[] b = new byte[32];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static FingerprintMatcher matcher(long seed) {
        return new FingerprintMatcher(() -> FingerprintSettings.defaults().fingerprinter(new ValueRange(0, 1), secret(seed)),
                KnownFailureConfig.DEFAULT_THRESHOLD);
    }

    /** Uniform noise of +-{@code amplitude}, clipped to [0, 1] as the validator demands. */
    static double[] noisy(double[] x, double amplitude, SplittableRandom r) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1, Math.max(0, y[i] + amplitude * (r.nextDouble() * 2 - 1)));
        return y;
    }

    static Tensor image(double[] x) {
        return Tensor.fp32("input", ONE, x);
    }

    /** A snapshot as FailureDatabase builds it, with each failure's evidence image (failure id to image). */
    static FailureDatabase.Snapshot snapshot(long revision, Map<String, double[]> failures) {
        List<KnownInput> inputs = new ArrayList<>();
        Map<String, String> exact = new HashMap<>();
        failures.forEach((id, x) -> {
            byte[] bytes = TensorBytes.encode(image(x));
            String sha = TensorBytes.sha256(bytes);
            inputs.add(new KnownInput(id, new EvidenceInput("input", DataType.FP32, List.of(1L, 1L, 28L, 28L), sha), bytes));
            exact.putIfAbsent(sha, id);
        });
        return new FailureDatabase.Snapshot(revision, inputs, exact);
    }

    @Test
    void aConfirmedInputWithSmallNoiseMatchesItsFailureDifferentImagesDoNot() {
        Map<String, double[]> known = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) known.put("WFD-2026-" + i, IMAGES.image(i));
        FailureDatabase.Snapshot snapshot = snapshot(1, known);
        FingerprintMatcher matcher = matcher(1);
        SplittableRandom r = new SplittableRandom(5);
        known.forEach((id, x) -> {
            assertThat(matcher.match(snapshot, image(x), 0)).as("exact copy of %s", id).isEqualTo(id);
            assertThat(matcher.match(snapshot, image(noisy(x, 2 / 255.0, r)), 0)).as("%s with noise of 2/255", id).isEqualTo(id);
        });
        for (int i = 100; i < 600; i++) assertThat(matcher.match(snapshot, image(IMAGES.image(i)), 0)).as("test image %d", i).isNull();
    }

    @Test
    void exactCopiesAreFoundWithoutTheSecretNearCopiesNeedIt() {
        FailureDatabase.Snapshot snapshot = snapshot(1, Map.of("WFD-2026-1", IMAGES.image(3)));
        FingerprintMatcher matcher = new FingerprintMatcher(() -> {
            throw new StateUnavailableException("store down", null);
        }, KnownFailureConfig.DEFAULT_THRESHOLD);
        assertThat(matcher.match(snapshot, image(IMAGES.image(3)), 0)).isEqualTo("WFD-2026-1");
        assertThatThrownBy(() -> matcher.match(snapshot, image(noisy(IMAGES.image(3), 2 / 255.0, new SplittableRandom(1))), 0))
                .isInstanceOf(StateUnavailableException.class);
    }

    @Test
    void theIndexIsBuiltOncePerSnapshotAndRebuiltForANewRevision() {
        AtomicInteger keyed = new AtomicInteger();
        FingerprintMatcher matcher = new FingerprintMatcher(() -> {
            keyed.incrementAndGet();
            return FingerprintSettings.defaults().fingerprinter(new ValueRange(0, 1), secret(2));
        }, KnownFailureConfig.DEFAULT_THRESHOLD);
        double[] a = IMAGES.image(10);
        double[] b = IMAGES.image(11);
        SplittableRandom r = new SplittableRandom(6);
        FailureDatabase.Snapshot first = snapshot(1, Map.of("WFD-A", a));
        KnownFingerprints index = matcher.indexOf(first);
        assertThat(matcher.indexOf(first)).isSameAs(index);
        assertThat(matcher.match(first, image(noisy(a, 2 / 255.0, r)), 0)).isEqualTo("WFD-A");
        assertThat(matcher.match(first, image(noisy(b, 2 / 255.0, r)), 0)).isNull();
        assertThat(matcher.indexOf(first)).as("requests do not rebuild it").isSameAs(index);

        FailureDatabase.Snapshot second = snapshot(2, Map.of("WFD-A", a, "WFD-B", b));
        assertThat(matcher.match(second, image(noisy(b, 2 / 255.0, r)), 0)).isEqualTo("WFD-B");
        assertThat(matcher.indexOf(second)).isNotSameAs(index);
        assertThat(matcher.indexOf(second).examples()).isEqualTo(2);
        assertThat(matcher.indexOf(first)).as("a request still holding the older snapshot").isSameAs(matcher.indexOf(second));

        FailureDatabase.Snapshot third = snapshot(3, Map.of("WFD-B", b));
        assertThat(matcher.match(third, image(noisy(a, 2 / 255.0, r)), 0)).as("a record no longer confirmed").isNull();
        assertThat(keyed).as("the secret is fetched once").hasValue(1);
    }

    @Test
    void examplesOfABatchAreMatchedEachOnlyInputsOfTheSameNameAndSizeCompare() {
        double[] a = IMAGES.image(20);
        FailureDatabase.Snapshot snapshot = snapshot(1, Map.of("WFD-A", a));
        FingerprintMatcher matcher = matcher(3);
        double[] copy = noisy(a, 2 / 255.0, new SplittableRandom(7));
        double[] batch = new double[2 * 784];
        System.arraycopy(IMAGES.image(21), 0, batch, 0, 784);
        System.arraycopy(copy, 0, batch, 784, 784);
        Tensor two = Tensor.fp32("input", new long[]{2, 1, 28, 28}, batch);
        assertThat(matcher.match(snapshot, two, 0)).isNull();
        assertThat(matcher.match(snapshot, two, 1)).isEqualTo("WFD-A");
        assertThat(matcher.match(snapshot, Tensor.fp32("other", ONE, copy), 0)).isNull();
        double[] cropped = java.util.Arrays.copyOf(copy, 780);
        assertThat(matcher.match(snapshot, Tensor.fp32("input", new long[]{1, 780}, cropped), 0)).isNull();
    }

    @Test
    void settingsDefaultToTheQueryDetectorsAndAreValidated() {
        KnownFailureConfig c = KnownFailureConfig.defaults();
        QueryConfig q = QueryConfig.defaults();
        assertThat(c.match()).isEqualTo(FingerprintMatcher.NAME);
        assertThat(c.fingerprint()).isEqualTo(q.fingerprint());
        assertThat(c.threshold()).isEqualTo(KnownFailureConfig.DEFAULT_THRESHOLD);
        assertThatThrownBy(() -> new KnownFailureConfig(null, null, null, null, null, 10, null, 11))
                .hasMessage("threshold must be between 1 and hashes");
        assertThatThrownBy(() -> new KnownFailureConfig(null, null, 0.001, null, null, null, null, null))
                .hasMessage("quantization must be >= 1/126");
        assertThatThrownBy(() -> new KnownFailureConfig("drop", null, null, null, null, null, null, null))
                .hasMessageContaining("onMatch must be reject or flag");
    }
}
