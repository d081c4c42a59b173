package dev.warden.fuzz.mutate;

import java.util.SplittableRandom;

/**
 * Rotation, translation and scale: where the object sits in the camera's frame. One inverse affine map about
 * the image centre with bilinear sampling; pixels from outside the frame take the range's minimum (the
 * background of the bundled images).
 */
final class Geometric implements Mutator {
    private final String kind;

    Geometric(String kind) {
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Mutation draw(SplittableRandom r, MutationLimits l, InputSpace s) {
        return switch (kind) {
            case "rotation" -> Mutation.of(kind, "degrees", Photometric.round(r.nextDouble(-l.rotationDegrees(), l.rotationDegrees() + 1e-9)));
            case "translation" -> {
                int t = l.translationPixels();
                int dx = r.nextInt(-t, t + 1), dy = r.nextInt(-t, t + 1);
                if (dx == 0 && dy == 0 && t > 0) dx = r.nextBoolean() ? 1 : -1;
                yield Mutation.of(kind, "dx", dx, "dy", dy);
            }
            case "scale" -> Mutation.of(kind, "factor", Photometric.round(r.nextDouble(1 - l.scale(), 1 + l.scale() + 1e-9)));
            default -> throw new IllegalStateException(kind);
        };
    }

    @Override
    public double[] apply(double[] x, Mutation m, InputSpace s) {
        double angle = 0, factor = 1, dx = 0, dy = 0;
        switch (kind) {
            case "rotation" -> angle = Math.toRadians(m.param("degrees"));
            case "translation" -> {
                dx = m.param("dx");
                dy = m.param("dy");
            }
            case "scale" -> factor = m.param("factor");
            default -> throw new IllegalStateException(kind);
        }
        int h = s.height(), w = s.width(), plane = h * w;
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0, cos = Math.cos(angle), sin = Math.sin(angle);
        double[] out = new double[x.length];
        for (int base = 0; base < x.length; base += plane) {
            for (int y = 0; y < h; y++) {
                for (int c = 0; c < w; c++) {
                    // inverse map: where in the source this output pixel comes from
                    double u = (c - cx - dx) / factor, v = (y - cy - dy) / factor;
                    double sx = cos * u + sin * v + cx, sy = -sin * u + cos * v + cy;
                    out[base + y * w + c] = s.clip(sample(x, base, h, w, sx, sy, s.min()));
                }
            }
        }
        return out;
    }

    private static double sample(double[] x, int base, int h, int w, double sx, double sy, double fill) {
        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
        double fx = sx - x0, fy = sy - y0;
        return (1 - fy) * ((1 - fx) * at(x, base, h, w, x0, y0, fill) + fx * at(x, base, h, w, x0 + 1, y0, fill))
                + fy * ((1 - fx) * at(x, base, h, w, x0, y0 + 1, fill) + fx * at(x, base, h, w, x0 + 1, y0 + 1, fill));
    }

    private static double at(double[] x, int base, int h, int w, int c, int y, double fill) {
        return c < 0 || y < 0 || c >= w || y >= h ? fill : x[base + y * w + c];
    }
}
