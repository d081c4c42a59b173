package dev.warden.defense.ood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.bench.PolicyBench;
import dev.warden.calibrate.Calibrations;
import dev.warden.calibrate.ModelInputs;
import dev.warden.data.SampleSource;
import dev.warden.data.Samples;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseRegistry;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.state.MemoryStateStore;
import dev.warden.tensor.Tensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whitening in single precision (what production-size feature layers get) against doubles, on the bundled
 * model's own calibration forced into single precision: over the 2,000 bundled test images no decision changes
 * and no score moves by more than 1e-5 relative.
 */
class MahalanobisPrecisionTest {
    @Test
    void singlePrecisionWhiteningChangesNoDecisionOnTheBundledTestImages() {
        Clock clock = Clock.systemUTC();
        try (PolicyBench bench = new PolicyBench(Path.of("policies/default.yaml"), null, clock)) {
            Model model = bench.model();
            ModelMetadata meta = model.metadata();
            OodConfig config = (OodConfig) DefenseRegistry.standard().bind(bench.policy()).stream()
                    .filter(b -> b.spec().type().equals(OodDefense.NAME)).findFirst().orElseThrow().config();
            DefenseContext context = new DefenseContext(meta, bench.models(), bench.policy(), clock, new SimpleMeterRegistry(),
                    MemoryStateStore.ephemeral(clock), null);
            OodCalibration calibration = Calibrations.section(context, OodDefense.NAME, config.calibrationKey(), OodCalibration.class);
            LayeredScorer doubles = OodFit.scorer(calibration, config, meta, Integer.MAX_VALUE);
            LayeredScorer singles = OodFit.scorer(calibration, config, meta, 0);
            double threshold = calibration.threshold();
            Samples images = ModelInputs.samples(SampleSource.open(Path.of("data/fashion-test-2000-images-idx3-ubyte.gz")), meta, null, null);
            String input = meta.inputs().get(0).name();
            int rejected = 0;
            double worst = 0;
            for (int i = 0; i < images.count(); i++) {
                double[] image = images.image(i);
                Map<String, Tensor> out = model.infer(Map.of(input, Tensor.fp32(input, new long[]{1, 1, 28, 28}, image)));
                double[] features = out.get(meta.featuresOutput()).values();
                double d = doubles.score(image, features, 0);
                double s = singles.score(image, features, 0);
                assertThat(s > threshold).as("decision on test image %d (double %s, single %s, threshold %s)", i, d, s, threshold)
                        .isEqualTo(d > threshold);
                if (d > threshold) rejected++;
                worst = Math.max(worst, Math.abs(s - d) / Math.abs(d));
            }
            assertThat(images.count()).isEqualTo(2000);
            assertThat(rejected).as("the held-out images the detector refuses (about 0.9%)").isBetween(5, 40);
            assertThat(worst).isLessThan(1e-5);
        }
    }
}
