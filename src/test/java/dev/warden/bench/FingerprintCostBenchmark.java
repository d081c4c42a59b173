package dev.warden.bench;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.defense.query.FingerprintSettings;
import dev.warden.defense.query.InputFingerprinter;
import dev.warden.defense.query.ProjectionFingerprinter;
import dev.warden.defense.query.QueryConfig;
import dev.warden.model.ValueRange;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * CPU time per query of the two fingerprints the query detector can use, interleaved batch by batch in one
 * run (windows, the default, is the baseline): the bundled test images, 28x28, prepared before timing.
 * Usage: tools/bench.sh fingerprints.
 */
public final class FingerprintCostBenchmark {
    public static void main(String[] args) {
        LabeledImages test = FashionMnist.bundledTest(Path.of("").toAbsolutePath());
        double[][] images = new double[test.count()][];
        double[] mean = new double[784];
        for (int i = 0; i < images.length; i++) {
            images[i] = test.image(i);
            for (int j = 0; j < 784; j++) mean[j] += images[i][j] / images.length;
        }
        byte[] secret = new byte[32];
        new SplittableRandom(1).nextBytes(secret);
        InputFingerprinter windows = FingerprintSettings.defaults().fingerprinter(new ValueRange(0, 1), secret);
        InputFingerprinter projections = new ProjectionFingerprinter(mean, QueryConfig.DEFAULT_BITS, 30, secret);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Histogram[] cpu = {new Histogram(3), new Histogram(3)};
        InputFingerprinter[] sides = {windows, projections};
        long sink = 0;
        for (int round = 0; round < 400; round++) {
            for (int side = 0; side < 2; side++) {
                long c0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 1000; i++) sink += sides[side].fingerprint(images[(round * 1000 + i) % images.length], 0, 784).hash(0);
                if (round >= 100) cpu[side].recordValue((threads.getCurrentThreadCpuTime() - c0) / 1000);
            }
        }
        double w = cpu[0].getValueAtPercentile(50) / 1000.0, p = cpu[1].getValueAtPercentile(50) / 1000.0;
        System.out.printf(Locale.ROOT, "fingerprint cpu per query (median of 300 batches of 1,000, interleaved): windows (S=20) %.2f us, "
                + "projections (b=%d, S=30) %.2f us, ratio %.2f  [%d]%n", w, QueryConfig.DEFAULT_BITS, p, p / w, sink & 1);
    }
}
