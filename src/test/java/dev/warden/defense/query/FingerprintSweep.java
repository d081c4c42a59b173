package dev.warden.defense.query;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.model.ValueRange;
import dev.warden.state.Fingerprint;
import dev.warden.state.FingerprintIndex;
import dev.warden.state.FingerprintIndex.Match;
import dev.warden.state.MemoryStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures fingerprint settings on the full Fashion-MNIST test set, without the server: the benign false
 * positives (10,000 images once each in random order, matched globally) at each threshold, and how many
 * hashes a query shares with a perturbed copy of itself (the perturbations query attacks send).
 * Each image is matched as if sent by its own account, named after it, so that a match names the earlier image;
 * {@code -Dpairs=T} prints the pairs that share T or more hashes, {@code -Dsecrets=N} repeats with N secrets.
 * Usage: FingerprintSweep quantization,window,hashes,minTransitions ...   (tools/bench.sh sweep ...)
 */
public final class FingerprintSweep {
    public static void main(String[] args) {
        LabeledImages test = FashionMnist.fullTest().orElseThrow(() -> new IllegalStateException("full test set missing: " + FashionMnist.DEBIAN_DIR));
        for (String spec : args) {
            String[] p = spec.split(",");
            double q = Double.parseDouble(p[0]);
            int window = Integer.parseInt(p[1]);
            int hashes = Integer.parseInt(p[2]);
            int minT = Integer.parseInt(p[3]);
            int secrets = Integer.getInteger("secrets", 3);
            Fingerprinter fp = null;
            for (int seed = 1; seed <= secrets; seed++) {
                fp = new Fingerprinter(window, 1, hashes, minT, q, new ValueRange(0, 1), new SplittableRandomSecret(seed).bytes());
                int[] best = benign(test, fp, hashes);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "q=%s w=%d S=%d minT=%d secret %d: benign matches at T>=:", q, window, hashes, minT, seed));
                for (int t = 4; t <= hashes; t++) {
                    int n = 0;
                    for (int b : best) if (b >= t) n++;
                    line.append(' ').append(t).append(':').append(n);
                    if (n == 0) break;
                }
                System.out.println(line);
            }
            System.out.println("   perturbed copies, median / 10th percentile of shared hashes: " + perturbed(test, fp));
        }
    }

    static int[] benign(LabeledImages test, Fingerprinter fp, int hashes) {
        FingerprintIndex index = MemoryStateStore.ephemeral(Clock.systemUTC()).fingerprints("sweep",
                new FingerprintIndex.Limits(hashes, 20_000, Duration.ofDays(1), 16));
        int[] order = dev.warden.bench.BenignFalsePositives.shuffled(test.count(), 1);
        int[] best = new int[order.length];
        Instant now = Instant.now();
        for (int i = 0; i < order.length; i++) {
            Fingerprint f = fp.fingerprint(test.image(order[i]), 0, 784);
            Match m = index.matchAndAdd(List.of(f), "image " + order[i], now).get(0);
            best[i] = m.shared();
            if (m.shared() >= Integer.getInteger("pairs", Integer.MAX_VALUE)) {
                System.out.println("   image " + order[i] + " (label " + test.label(order[i]) + ") shares " + m.shared() + " hashes with " + m.account()
                        + " (label " + test.label(Integer.parseInt(m.account().substring(6))) + ")");
            }
        }
        return best;
    }

    static String perturbed(LabeledImages test, Fingerprinter fp) {
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder out = new StringBuilder();
        String[] kinds = {"gauss0.001", "gauss0.01", "uniform3/255", "gauss0.03", "square8x8+-0.3", "shift1px", "bright3%"};
        for (String kind : kinds) {
            List<Integer> shared = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                double[] x = test.image(i);
                double[] y = perturb(x, kind, r);
                long[] a = fp.fingerprint(x, 0, x.length).hashes();
                long[] b = fp.fingerprint(y, 0, y.length).hashes();
                int n = 0;
                for (long ha : a) for (long hb : b) if (ha == hb) n++;
                shared.add(n);
            }
            shared.sort(null);
            out.append(kind).append(' ').append(shared.get(150)).append('/').append(shared.get(30)).append("  ");
        }
        return out.toString();
    }

    static double[] perturb(double[] x, String kind, SplittableRandom r) {
        double[] y = x.clone();
        switch (kind) {
            case "gauss0.001", "gauss0.01", "gauss0.03" -> {
                double s = Double.parseDouble(kind.substring(5));
                for (int i = 0; i < y.length; i++) y[i] += s * gaussian(r);
            }
            case "uniform3/255" -> {
                for (int i = 0; i < y.length; i++) y[i] += (r.nextDouble() * 2 - 1) * 3 / 255.0;
            }
            case "square8x8+-0.3" -> {
                int row = r.nextInt(21), col = r.nextInt(21);
                double d = r.nextBoolean() ? 0.3 : -0.3;
                for (int i = row; i < row + 8; i++) for (int j = col; j < col + 8; j++) y[i * 28 + j] += d;
            }
            case "shift1px" -> {
                for (int i = 0; i < 28; i++) for (int j = 0; j < 28; j++) y[i * 28 + j] = x[i * 28 + Math.max(0, j - 1)];
            }
            case "bright3%" -> {
                for (int i = 0; i < y.length; i++) y[i] *= 1.03;
            }
            default -> throw new IllegalArgumentException(kind);
        }
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1, Math.max(0, y[i]));
        return y;
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** A fixed secret for repeatable measurements. */
    record SplittableRandomSecret(long seed) {
        byte[] bytes() {
            byte[] b = new byte[32];
            new SplittableRandom(seed).nextBytes(b);
            return b;
        }
    }
}
