package dev.warden.fuzz.mutate;

import java.util.SplittableRandom;

/** Brightness, contrast, sensor noise and defocus blur: what lighting and a camera do to pixel values. */
final class Photometric implements Mutator {
    private final String kind;

    Photometric(String kind) {
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Mutation draw(SplittableRandom r, MutationLimits l, InputSpace s) {
        return switch (kind) {
            case "brightness" -> Mutation.of(kind, "delta", round(r.nextDouble(-l.brightness(), l.brightness())));
            case "contrast" -> Mutation.of(kind, "factor", round(r.nextDouble(1 - l.contrast(), 1 + l.contrast())));
            case "noise" -> Mutation.of(kind, "sigma", round(r.nextDouble(0, l.noiseSigma())), "seed", r.nextInt(1 << 30));
            case "blur" -> Mutation.of(kind, "sigma", round(r.nextDouble(0.3, Math.max(0.31, l.blurSigma()))));
            default -> throw new IllegalStateException(kind);
        };
    }

    static double round(double v) {
        return Math.rint(v * 1e4) / 1e4;
    }

    @Override
    public double[] apply(double[] x, Mutation m, InputSpace s) {
        double[] out = new double[x.length];
        switch (kind) {
            case "brightness" -> {
                double d = m.param("delta") * s.span();
                for (int i = 0; i < x.length; i++) out[i] = s.clip(x[i] + d);
            }
            case "contrast" -> {
                double f = m.param("factor");
                int plane = s.height() * s.width();
                for (int base = 0; base < x.length; base += plane) {
                    double mean = 0;
                    for (int i = 0; i < plane; i++) mean += x[base + i];
                    mean /= plane;
                    for (int i = 0; i < plane; i++) out[base + i] = s.clip(mean + (x[base + i] - mean) * f);
                }
            }
            case "noise" -> {
                double sigma = m.param("sigma") * s.span();
                SplittableRandom r = new SplittableRandom((long) m.param("seed"));
                for (int i = 0; i < x.length; i++) {
                    double u = 1 - r.nextDouble(), v = r.nextDouble();
                    out[i] = s.clip(x[i] + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
                }
            }
            case "blur" -> blur(x, out, m.param("sigma"), s);
            default -> throw new IllegalStateException(kind);
        }
        return out;
    }

    /** Separable Gaussian blur per plane, radius ceil(3 sigma), edges repeated. */
    private static void blur(double[] x, double[] out, double sigma, InputSpace s) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma)), h = s.height(), w = s.width(), plane = h * w;
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        double[] tmp = new double[plane];
        for (int base = 0; base < x.length; base += plane) {
            for (int y = 0; y < h; y++) {
                for (int c = 0; c < w; c++) {
                    double a = 0;
                    for (int i = -radius; i <= radius; i++) a += k[i + radius] * x[base + y * w + Math.min(w - 1, Math.max(0, c + i))];
                    tmp[y * w + c] = a;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int c = 0; c < w; c++) {
                    double a = 0;
                    for (int i = -radius; i <= radius; i++) a += k[i + radius] * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + c];
                    out[base + y * w + c] = s.clip(a);
                }
            }
        }
    }
}
