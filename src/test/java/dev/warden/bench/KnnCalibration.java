package dev.warden.bench;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.defense.knn.KnnConfig;
import dev.warden.model.Model;
import dev.warden.model.OnnxModel;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sets the knn detector's threshold at a target benign false-positive rate (Chen, Carlini, Wagner 2019): the
 * bundled 10,000 training images go through the CNN's features output as the streams of {@code accounts}
 * accounts (image i from account i mod accounts, random order); each query's mean distance to its k nearest
 * in its account's buffer is recorded, and the threshold is the quantile at the target rate. Busy accounts
 * matter: a fuller buffer holds closer neighbours, so the default (25 accounts, 400 queries each) fills
 * every buffer twice over. Then the same on the full test set, as a check on data the threshold did not see.
 * Usage: tools/bench.sh knn-calibrate [k] [buffer] [targetRate] [accounts] [model.onnx]; the model (default
 * models/fashion-cnn.onnx) must take 28x28 Fashion-MNIST images and have a features output, and the threshold
 * holds for that model file only.
 */
public final class KnnCalibration {
    public static void main(String[] args) {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : KnnConfig.DEFAULT_K;
        int buffer = args.length > 1 ? Integer.parseInt(args[1]) : KnnConfig.DEFAULT_BUFFER;
        double target = args.length > 2 ? Double.parseDouble(args[2]) : 0.001;
        int accounts = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        Path home = Path.of("").toAbsolutePath();
        Path file = home.resolve(args.length > 4 ? args[4] : "models/fashion-cnn.onnx");
        String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        try (Model model = OnnxModel.load(file, name, 2)) {
            if (model.metadata().featuresOutput() == null)
                throw new IllegalArgumentException(file + " has no features output: knn measures distances in it");
            System.out.printf(Locale.ROOT, "model %s%n", file);
            double[] calibration = distances(features(model, FashionMnist.bundledTrain(home)), k, buffer, accounts, 1);
            Arrays.sort(calibration);
            double threshold = calibration[(int) Math.floor(target * calibration.length)];
            System.out.printf(Locale.ROOT, "k=%d buffer=%d: %d scored calibration queries (train), distance p0.1=%.4f p1=%.4f p50=%.4f%n",
                    k, buffer, calibration.length, calibration[(int) (0.001 * calibration.length)], calibration[(int) (0.01 * calibration.length)],
                    calibration[calibration.length / 2]);
            System.out.printf(Locale.ROOT, "threshold at target false-positive rate %.3f%%: %.4f%n", 100 * target, threshold);
            LabeledImages test = FashionMnist.fullTest().orElseThrow();
            double[] check = distances(features(model, test), k, buffer, accounts, 2);
            long below = Arrays.stream(check).filter(d -> d < threshold).count();
            System.out.printf(Locale.ROOT, "test set, 10,000 images by %d accounts: %d scored, %d below the threshold = %.3f%% of all queries%n",
                    accounts, check.length, below, 100.0 * below / test.count());
        }
    }

    static float[][] features(Model model, LabeledImages images) {
        float[][] out = new float[images.count()][];
        int batch = 64;
        for (int from = 0; from < images.count(); from += batch) {
            int n = Math.min(batch, images.count() - from);
            double[] flat = new double[n * 784];
            for (int i = 0; i < n; i++) System.arraycopy(images.image(from + i), 0, flat, i * 784, 784);
            Tensor f = model.infer(Map.of("input", Tensor.fp32("input", new long[]{n, 1, 28, 28}, flat))).get(model.metadata().featuresOutput());
            int dims = f.size() / n;
            for (int i = 0; i < n; i++) {
                out[from + i] = new float[dims];
                for (int j = 0; j < dims; j++) out[from + i][j] = (float) f.values()[i * dims + j];
            }
        }
        return out;
    }

    /** Per query (in random order, {@code accounts} accounts), the mean distance to its k nearest in its account's buffer. */
    static double[] distances(float[][] features, int k, int buffer, int accounts, long seed) {
        int[] order = BenignFalsePositives.shuffled(features.length, seed);
        List<Deque<float[]>> buffers = new ArrayList<>();
        for (int a = 0; a < accounts; a++) buffers.add(new ArrayDeque<>());
        double[] out = new double[features.length];
        int n = 0;
        for (int i = 0; i < order.length; i++) {
            Deque<float[]> b = buffers.get(i % accounts);
            float[] q = features[order[i]];
            if (b.size() >= k) out[n++] = dev.warden.defense.knn.KnnProbe.mean(q, b.toArray(new float[0][]), k);
            b.addFirst(q);
            if (b.size() > buffer) b.removeLast();
        }
        return Arrays.copyOf(out, n);
    }
}
