package dev.warden.assess.attack;

import java.util.SplittableRandom;

/** Small dense-vector helpers over flat {@code double[]} images. */
public final class Vectors {
    private Vectors() {
    }

    public static double l2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    public static double linf(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    public static double norm(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return Math.sqrt(s);
    }

    public static double[] clip(double[] a, double lo, double hi) {
        for (int i = 0; i < a.length; i++) a[i] = Math.min(hi, Math.max(lo, a[i]));
        return a;
    }

    /** Clips {@code x} into the L-inf ball of radius eps around {@code center} and into [0, 1], in place. */
    public static double[] project(double[] x, double[] center, double eps) {
        for (int i = 0; i < x.length; i++) {
            double v = Math.min(center[i] + eps, Math.max(center[i] - eps, x[i]));
            x[i] = Math.min(1, Math.max(0, v));
        }
        return x;
    }

    /** (1 - alpha) * a + alpha * b. */
    public static double[] lerp(double[] a, double[] b, double alpha) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (1 - alpha) * a[i] + alpha * b[i];
        return out;
    }

    public static double[] gaussian(int n, SplittableRandom random) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = random.nextGaussian();
        return out;
    }

    public static double[] uniform(int n, SplittableRandom random) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = random.nextDouble();
        return out;
    }
}
