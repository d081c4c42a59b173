package dev.warden.bench;

import dev.warden.data.Samples;
import dev.warden.data.synth.VideoStreams;
import dev.warden.defense.temporal.StreamReplay;
import dev.warden.defense.temporal.TemporalCalibration;
import dev.warden.defense.temporal.TemporalDefense;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Temporal consistency measured on synthetic streams of test images: benign streams (jitter only) and
 * attacked streams (the same jitter, with the image's adversarial example as some of the frames), each
 * judged frame by frame as the defense would; the share of each flagged.
 */
public final class TemporalEvaluation {
    public record Row(String streams, int count, double flagged) {
    }

    public record Result(int length, double share, TemporalCalibration calibration, List<Row> rows) {
        public String markdown(String command, String source) {
            StringBuilder b = new StringBuilder("| streams | count | flagged |\n|---|---:|---:|\n");
            for (Row r : rows) b.append(String.format(Locale.ROOT, "| %s | %d | **%.2f%%** |%n", r.streams(), r.count(), 100 * r.flagged()));
            b.append(String.format(Locale.ROOT, "%nStreams of %d frames; in attacked streams each frame is the adversarial example with "
                            + "probability %.2f (at least 2 frames). Calibrated scales: flips %.3g, spread %.3g; threshold %.4g on their scaled sum. ",
                    length, share, calibration.flipScale(), calibration.spreadScale(), calibration.threshold()));
            return b.append("Examples: ").append(source).append(". Command: `").append(command).append("`\n").toString();
        }
    }

    private TemporalEvaluation() {
    }

    public static Result run(PolicyBench bench, Samples test, Path examplesDir, int length, double share, long seed) {
        TemporalDefense defense = bench.defense(TemporalDefense.class)
                .orElseThrow(() -> new IllegalArgumentException(bench.policy().source() + " has no temporal defense"));
        List<Row> rows = new ArrayList<>();
        int flagged = 0;
        VideoStreams.Geometry g = geometry(bench, test);
        for (int i = 0; i < test.count(); i++) {
            if (flaggedStream(bench, defense, VideoStreams.benign(test.image(i), g, length, jitter(seed, i)))) flagged++;
        }
        rows.add(new Row("benign (every test image)", test.count(), (double) flagged / test.count()));
        if (examplesDir != null) {
            for (Map.Entry<String, List<double[]>> e : AdversarialExamples.readAll(examplesDir).entrySet()) {
                List<Integer> indices = AdversarialExamples.indices(examplesDir, e.getKey());
                int hit = 0;
                for (int k = 0; k < e.getValue().size(); k++) {
                    int i = indices.get(k);
                    List<double[]> frames = VideoStreams.attacked(test.image(i), g, e.getValue().get(k), length, share, jitter(seed, i),
                            new SplittableRandom(seed * 31 + k));
                    if (flaggedStream(bench, defense, frames)) hit++;
                }
                rows.add(new Row("attacked (" + e.getKey() + ")", e.getValue().size(), (double) hit / e.getValue().size()));
            }
        }
        return new Result(length, share, defense.calibration(), rows);
    }

    /**
     * Benign camera streams given as data ({@code --streams}), replayed frame by frame as the defense would see them:
     * the share flagged is the defense's false-positive rate on real footage rather than on synthetic jitter.
     * Adversarial examples belong to single test images, not to these streams, so there is no attacked row here.
     */
    public static Result runStreams(PolicyBench bench, Samples test, List<Samples> streams, String name, Path examplesDir, double share,
                                    long seed) {
        TemporalDefense defense = bench.defense(TemporalDefense.class)
                .orElseThrow(() -> new IllegalArgumentException(bench.policy().source() + " has no temporal defense"));
        if (streams.isEmpty()) throw new IllegalArgumentException(name + " holds no streams");
        int flagged = 0;
        int length = 0;
        for (Samples stream : streams) {
            List<double[]> frames = new ArrayList<>();
            for (int i = 0; i < stream.count(); i++) frames.add(stream.image(i));
            length = Math.max(length, frames.size());
            if (flaggedStream(bench, defense, frames)) flagged++;
        }
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("benign (" + name + ")", streams.size(), (double) flagged / streams.size()));
        if (examplesDir != null) {
            // attacked rows: synthetic streams of the test images the examples were made from, as without --streams
            List<Row> synthetic = run(bench, test, examplesDir, length, share, seed).rows();
            rows.addAll(synthetic.subList(1, synthetic.size()));
        }
        return new Result(length, share, defense.calibration(), rows);
    }

    private static VideoStreams.Geometry geometry(PolicyBench bench, Samples test) {
        try {
            return VideoStreams.Geometry.of(dev.warden.calibrate.ModelInputs.conversion(bench.model().metadata(), null, null));
        } catch (IllegalArgumentException | dev.warden.data.DataFormatException e) {
            return VideoStreams.Geometry.square(test.image(0).length);
        }
    }

    private static SplittableRandom jitter(long seed, int image) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + image);
    }

    private static boolean flaggedStream(PolicyBench bench, TemporalDefense defense, List<double[]> frames) {
        TemporalCalibration c = defense.calibration();
        double max = StreamReplay.maxScore(StreamReplay.stats(StreamReplay.frames(bench.model(), frames), defense.window(),
                defense.minFrames()), c.flipScale(), c.spreadScale());
        return max > c.threshold();
    }
}
