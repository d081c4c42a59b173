package dev.warden.bench;

import dev.warden.assess.attack.Oracle;
import dev.warden.assess.attack.Square;
import dev.warden.assess.attack.SquareParams;
import dev.warden.calibrate.BatchInference;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.guard.Reveal;
import dev.warden.model.Model;
import dev.warden.model.OnnxModel;
import dev.warden.tensor.Softmax;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Whether a global near-neighbour detector in the model's feature space could tell an attack's queries from
 * honest ones (issue 14, lever 2, docs/stateful.md "A global detector in feature space"). Three distances between
 * {@code features} vectors: the angle (what random-hyperplane SimHash preserves: one bit agrees with probability
 * 1 - angle/pi), the angle after subtracting the training images' mean feature vector (hyperplanes through the
 * data's centre), and the Euclidean distance (knn's units). For each:
 * <ul>
 *   <li>honest: each of the 10,000 Fashion-MNIST test images to its nearest of the 60,000 training images (the
 *   stored history of every other account), bit-identical images passed over;</li>
 *   <li>attack: Square (the harness's attack, pInit 0.8, run against the bare model for {@code queries} queries
 *   on each of the first {@code images} test images the model classifies right), plain and with +-0.05 uniform
 *   noise on every query (the Sybil adversaries' disguise), at L-inf 0.2 and 0.1: each query to its nearest
 *   earlier query of the same attack, pixel-identical repeats passed over (the index's exact hash drops them).</li>
 * </ul>
 * A global detector matches a query when some stored one is nearer than a threshold; set at the honest rate
 * 10^-4 (and 10^-3) per query, the report says which share of attack queries, and of attacks by query
 * {@code early}, it would catch. No locality-sensitive hash does better than the exact threshold it approximates.
 * Two variants: a chained match (a query near an earlier one that was itself near an earlier one), and the
 * share of honest images a quarantine of a given radius around an attack's first queries would cover.
 * Usage: tools/bench.sh feature-match [model.onnx] [images] [queries] [early].
 */
public final class FeatureMatchProbe {
    private static final int[] CHW = {1, 28, 28};
    private static final String[] METRICS = {"angle (deg)", "centred angle (deg)", "euclidean"};
    private static final double NEAR = 2.0;
    private static final double[] CHAIN_RATES = {1e-3, 3e-3, 1e-2};
    /** Euclidean radii of a quarantine around a detected attack's queries: how many honest images it would cover. */
    private static final double[] QUARANTINE = {2.8, 4.0, 6.8};

    public static void main(String[] args) {
        Path home = Path.of("").toAbsolutePath();
        Path file = home.resolve(args.length > 0 ? args[0] : "models/fashion-cnn-robust.onnx");
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int early = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        LabeledImages test = FashionMnist.fullTest().orElseThrow(() -> new IllegalStateException("needs Debian's dataset-fashion-mnist"));
        LabeledImages train = LabeledImages.read(FashionMnist.DEBIAN_DIR.resolve("train-images-idx3-ubyte.gz"),
                FashionMnist.DEBIAN_DIR.resolve("train-labels-idx1-ubyte.gz"));
        try (Model model = OnnxModel.load(file, file.getFileName().toString().replace(".onnx", ""), 2)) {
            String features = model.metadata().featuresOutput();
            System.out.printf(Locale.ROOT, "model %s, features '%s'%n", file, features);
            Space space = new Space(BatchInference.run(model, all(train)).get(features));
            List<List<double[]>> near = new ArrayList<>();
            double[][] testFeatures = BatchInference.run(model, all(test)).get(features);
            double[][] honest = honestNearest(space, testFeatures, near);
            double[][] thresholds = new double[METRICS.length][];
            for (int m = 0; m < METRICS.length; m++) {
                double[] sorted = honest[m].clone();
                Arrays.sort(sorted);
                thresholds[m] = new double[]{sorted[(int) (1e-4 * sorted.length)], sorted[(int) (1e-3 * sorted.length)]};
                System.out.printf(Locale.ROOT, "honest, %s: %d test images to the nearest of %d training images:%s%n",
                        METRICS[m], sorted.length, space.size(), quantiles(sorted, m));
            }
            double[] sortedEuclid = honest[2].clone();
            Arrays.sort(sortedEuclid);
            double[] chainThresholds = new double[CHAIN_RATES.length];
            for (int c = 0; c < CHAIN_RATES.length; c++) {
                chainThresholds[c] = sortedEuclid[(int) (CHAIN_RATES[c] * sortedEuclid.length)];
                System.out.printf(Locale.ROOT, "honest, euclidean threshold %.3f (single match %.1f%%): matched to a stored image that has a neighbour of its own"
                        + " that near (an upper bound of a chained match): %d of %d%n", chainThresholds[c], 100 * CHAIN_RATES[c],
                        chainedHonest(space, near, chainThresholds[c]), sortedEuclid.length);
            }
            int[] chosen = firstCorrect(model, test, images);
            for (double eps : new double[]{0.2, 0.1}) {
                for (double disguise : new double[]{0, 0.05}) {
                    List<double[]> second = new ArrayList<>(), later = new ArrayList<>();
                    int[][] caughtEarly = new int[METRICS.length][2];
                    int[] chainedEarly = new int[CHAIN_RATES.length];
                    long[] quarantined = new long[QUARANTINE.length];
                    long[][] spread = new long[QUARANTINE.length][3]; // attacks seeded, queries after the seed, of them refused
                    int runs = 0;
                    for (int index : chosen) {
                        List<double[]> sent = squareQueries(model, test.image(index), test.label(index), eps, disguise, queries, index);
                        if (sent.size() < 2) continue; // its first query already succeeded: nothing to match
                        runs++;
                        double[][] f = BatchInference.run(model, sent).get(features);
                        boolean[][] caught = new boolean[METRICS.length][2];
                        boolean[][] matched = new boolean[CHAIN_RATES.length][f.length];
                        boolean[] chained = new boolean[CHAIN_RATES.length];
                        for (int i = 1; i < f.length; i++) {
                            double[] best = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
                            for (int j = 0; j < i; j++) {
                                if (Arrays.equals(sent.get(i), sent.get(j))) continue;
                                double[] d = space.distances(f[i], f[j]);
                                for (int m = 0; m < METRICS.length; m++) best[m] = Math.min(best[m], d[m]);
                                for (int c = 0; c < CHAIN_RATES.length; c++) {
                                    if (d[2] >= chainThresholds[c]) continue;
                                    matched[c][i] = true;
                                    if (matched[c][j] && i < early) chained[c] = true;
                                }
                            }
                            if (best[0] == Double.POSITIVE_INFINITY) continue;
                            if (i == 1) second.add(best);
                            later.add(best);
                            for (int m = 0; m < METRICS.length; m++)
                                for (int t = 0; t < 2; t++) if (i < early && best[m] < thresholds[m][t]) caught[m][t] = true;
                        }
                        for (int m = 0; m < METRICS.length; m++) for (int t = 0; t < 2; t++) if (caught[m][t]) caughtEarly[m][t]++;
                        for (int c = 0; c < CHAIN_RATES.length; c++) if (chained[c]) chainedEarly[c]++;
                        long[] near15 = quarantinedHonest(space, testFeatures, Arrays.copyOf(f, Math.min(f.length, early)));
                        for (int r = 0; r < QUARANTINE.length; r++) {
                            quarantined[r] += near15[r];
                            long[] q = quarantineSpread(space, f, sent, chainThresholds[1], QUARANTINE[r]);
                            for (int k = 0; k < 3; k++) spread[r][k] += q[k];
                        }
                    }
                    System.out.printf(Locale.ROOT, "square eps %.2f disguise %.2f: %d of %d images with a second query%n", eps, disguise, runs, chosen.length);
                    for (int c = 0; c < CHAIN_RATES.length; c++)
                        System.out.printf(Locale.ROOT, "  chained match (euclidean %.3f, a query near an earlier one that was itself near an earlier one) by query %d: %d of %d attacks%n",
                                chainThresholds[c], early, chainedEarly[c], runs);
                    for (int r = 0; r < QUARANTINE.length; r++)
                        System.out.printf(Locale.ROOT, "  quarantine radius %.1f around an attack's first %d queries: %.2f%% of the honest test images fall inside (mean per attack)%n",
                                QUARANTINE[r], early, 100.0 * quarantined[r] / runs / testFeatures.length);
                    for (int r = 0; r < QUARANTINE.length; r++)
                        System.out.printf(Locale.ROOT, "  seed (chained %.3f) then quarantine %.1f around every refused query: %d of %d attacks seeded, %.1f%% of their later queries refused%n",
                                chainThresholds[1], QUARANTINE[r], spread[r][0], runs, 100.0 * spread[r][2] / Math.max(1, spread[r][1]));
                    for (int m = 0; m < METRICS.length; m++) {
                        int metric = m;
                        double[] two = second.stream().mapToDouble(d -> d[metric]).toArray();
                        double[] all = later.stream().mapToDouble(d -> d[metric]).toArray();
                        System.out.printf(Locale.ROOT, "  %s: query 2 to query 1:%s%n", METRICS[m], quantiles(two, m));
                        System.out.printf(Locale.ROOT, "  %s: queries 2..%d to their nearest earlier one:%s%n", METRICS[m], queries, quantiles(all, m));
                        for (int t = 0; t < 2; t++) {
                            double threshold = thresholds[m][t];
                            long below = Arrays.stream(all).filter(d -> d < threshold).count();
                            System.out.printf(Locale.ROOT, "    below the honest %s threshold %.3f: %.1f%% of queries, attacks with one by query %d: %d of %d%n",
                                    t == 0 ? "1e-4" : "1e-3", show(threshold, m), 100.0 * below / all.length, early, caughtEarly[m][t], runs);
                        }
                    }
                }
            }
        }
    }

    /** Features with their norms and the stored mean, so that one dot product gives all three distances. */
    private static final class Space {
        final float[][] stored;
        final double[] storedNorm2, storedDotMean;
        final float[] mean;
        final double meanNorm2;

        Space(double[][] rows) {
            stored = new float[rows.length][];
            storedNorm2 = new double[rows.length];
            storedDotMean = new double[rows.length];
            int d = rows[0].length;
            double[] m = new double[d];
            for (double[] r : rows) for (int i = 0; i < d; i++) m[i] += r[i] / rows.length;
            mean = new float[d];
            for (int i = 0; i < d; i++) mean[i] = (float) m[i];
            meanNorm2 = dot(mean, mean);
            for (int r = 0; r < rows.length; r++) {
                stored[r] = floats(rows[r]);
                storedNorm2[r] = dot(stored[r], stored[r]);
                storedDotMean[r] = dot(stored[r], mean);
            }
        }

        int size() {
            return stored.length;
        }

        double[] distances(double[] a, double[] b) {
            float[] fa = floats(a), fb = floats(b);
            return distances(dot(fa, fb), dot(fa, fa), dot(fb, fb), dot(fa, mean), dot(fb, mean));
        }

        double[] distances(double ab, double aa, double bb, double am, double bm) {
            double angle = Math.acos(clamp(ab / Math.sqrt(aa * bb)));
            double cab = ab - am - bm + meanNorm2, caa = aa - 2 * am + meanNorm2, cbb = bb - 2 * bm + meanNorm2;
            double centred = Math.acos(clamp(cab / Math.sqrt(caa * cbb)));
            return new double[]{angle, centred, Math.sqrt(Math.max(0, aa + bb - 2 * ab))};
        }
    }

    /** Per metric, each query's nearest stored distance; {@code near} gets, per query, the stored within {@link #NEAR} (Euclidean). */
    private static double[][] honestNearest(Space space, double[][] queries, List<List<double[]>> near) {
        double[][] out = new double[METRICS.length][queries.length];
        for (int q = 0; q < queries.length; q++) near.add(new ArrayList<>());
        IntStream.range(0, queries.length).parallel().forEach(q -> {
            float[] a = floats(queries[q]);
            double aa = dot(a, a), am = dot(a, space.mean);
            double[] best = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
            for (int s = 0; s < space.size(); s++) {
                double ab = dot(a, space.stored[s]);
                double[] d = space.distances(ab, aa, space.storedNorm2[s], am, space.storedDotMean[s]);
                if (d[2] < 1e-6) continue; // a bit-identical image is a repeat, not a neighbour
                if (d[2] < NEAR) near.get(q).add(new double[]{s, d[2]});
                for (int m = 0; m < METRICS.length; m++) best[m] = Math.min(best[m], d[m]);
            }
            for (int m = 0; m < METRICS.length; m++) out[m][q] = best[m];
        });
        return out;
    }

    /**
     * One attack under a seed-and-quarantine rule: a query is refused when it is within {@code seed} of an earlier
     * query that was itself within {@code seed} of an earlier one (chained), or within {@code radius} of any
     * query refused before it. Returns {seeded (0 or 1), queries after the first refusal, of them refused}.
     */
    private static long[] quarantineSpread(Space space, double[][] f, List<double[]> sent, double seed, double radius) {
        boolean[] matched = new boolean[f.length], refused = new boolean[f.length];
        int first = -1;
        long refusedAfter = 0;
        for (int i = 1; i < f.length; i++) {
            for (int j = 0; j < i; j++) {
                if (Arrays.equals(sent.get(i), sent.get(j))) continue;
                double d = space.distances(f[i], f[j])[2];
                if (d < seed) {
                    if (matched[j]) refused[i] = true;
                    matched[i] = true;
                }
                if (refused[j] && d < radius) refused[i] = true;
            }
            if (refused[i] && first < 0) first = i;
            else if (refused[i]) refusedAfter++;
        }
        return first < 0 ? new long[]{0, 0, 0} : new long[]{1, f.length - 1 - first, refusedAfter};
    }

    /** Per radius, how many of {@code honest} lie within it of at least one of {@code attack}. */
    private static long[] quarantinedHonest(Space space, double[][] honest, double[][] attack) {
        long[] out = new long[QUARANTINE.length];
        float[][] a = new float[attack.length][];
        for (int i = 0; i < attack.length; i++) a[i] = floats(attack[i]);
        for (double[] h : honest) {
            float[] fh = floats(h);
            double hh = dot(fh, fh), best = Double.POSITIVE_INFINITY;
            for (float[] q : a) best = Math.min(best, Math.sqrt(Math.max(0, hh + dot(q, q) - 2 * dot(fh, q))));
            for (int r = 0; r < QUARANTINE.length; r++) if (best < QUARANTINE[r]) out[r]++;
        }
        return out;
    }

    /** Honest queries near a stored image that has a neighbour (other than the query) that near among the stored. */
    private static int chainedHonest(Space space, List<List<double[]>> near, double threshold) {
        int count = 0;
        for (List<double[]> candidates : near) {
            boolean chained = false;
            for (double[] candidate : candidates) {
                if (chained) break;
                if (candidate[1] >= threshold) continue;
                int s = (int) candidate[0];
                float[] a = space.stored[s];
                for (int o = 0; o < space.size() && !chained; o++) {
                    if (o == s) continue;
                    double e = Math.sqrt(Math.max(0, space.storedNorm2[s] + space.storedNorm2[o] - 2 * dot(a, space.stored[o])));
                    if (e > 1e-6 && e < threshold) chained = true;
                }
            }
            if (chained) count++;
        }
        return count;
    }

    /** Square's queries against the bare model, each with +-{@code disguise} uniform noise, kept in the L-inf ball. */
    private static List<double[]> squareQueries(Model model, double[] x0, int label, double eps, double disguise, int queries, long seed) {
        List<double[]> sent = new ArrayList<>();
        SplittableRandom noise = new SplittableRandom(seed ^ 0x5eed);
        Oracle oracle = new Oracle() {
            public double[] original() { return x0; }
            public int label() { return label; }
            public int classes() { return 10; }
            public int[] chw() { return CHW; }
            public boolean[] adversarial(List<double[]> images) { throw new UnsupportedOperationException(); }
            public double[][] probabilities(List<double[]> images) {
                if (sent.size() >= queries) throw new Stop();
                List<double[]> disguised = new ArrayList<>();
                for (double[] image : images) {
                    double[] d = image.clone();
                    for (int i = 0; i < d.length && disguise > 0; i++) {
                        double moved = d[i] + noise.nextDouble(-disguise, disguise);
                        d[i] = Math.min(1, Math.max(0, Math.min(x0[i] + eps, Math.max(x0[i] - eps, moved))));
                    }
                    disguised.add(d);
                }
                sent.addAll(disguised);
                double[][] logits = BatchInference.run(model, disguised).get(model.metadata().scoresOutputOrFirst());
                double[][] p = new double[logits.length][];
                for (int i = 0; i < logits.length; i++) p[i] = Softmax.rows(logits[i], logits[i].length);
                return p;
            }
        };
        try {
            new Square(new SquareParams(eps, SquareParams.P_INIT, 10_000), Reveal.SCORES).run(oracle, new SplittableRandom(seed));
        } catch (Stop expected) {
            // this probe's budget, not the attack's
        }
        return sent;
    }

    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private static double clamp(double cos) {
        return Math.max(-1, Math.min(1, cos));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static float[] floats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }

    private static double show(double value, int metric) {
        return metric < 2 ? Math.toDegrees(value) : value;
    }

    private static String quantiles(double[] values, int metric) {
        if (values.length == 0) return " none";
        double[] v = values.clone();
        Arrays.sort(v);
        StringBuilder out = new StringBuilder();
        for (double q : new double[]{0.0001, 0.001, 0.01, 0.1, 0.5, 0.9, 1}) {
            if (q < 1.0 / v.length && q != 1) continue;
            int i = Math.min(v.length - 1, (int) Math.floor(q * v.length));
            String name = q == 1 ? "max" : (100 * q == Math.rint(100 * q) ? String.valueOf((long) (100 * q)) : String.valueOf(100 * q));
            out.append(String.format(Locale.ROOT, " p%s=%.3f", name, show(v[i], metric)));
        }
        return out.toString();
    }

    private static List<double[]> all(LabeledImages images) {
        List<double[]> out = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) out.add(images.image(i));
        return out;
    }

    private static int[] firstCorrect(Model model, LabeledImages test, int samples) {
        double[][] scores = BatchInference.run(model, all(test).subList(0, Math.min(test.count(), samples * 3))).get(model.metadata().scoresOutputOrFirst());
        int[] out = new int[samples];
        int n = 0;
        for (int i = 0; i < scores.length && n < samples; i++) if (Softmax.argmax(scores[i], 0, scores[i].length) == test.label(i)) out[n++] = i;
        return Arrays.copyOf(out, n);
    }
}
