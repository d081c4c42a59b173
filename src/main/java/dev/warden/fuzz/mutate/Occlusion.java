package dev.warden.fuzz.mutate;

import java.util.SplittableRandom;

/**
 * Something in front of the object: a flat patch (a hand, a shadow) of one grey level, or a sticker, a square
 * of random black-and-white blocks (a printed pattern stuck on the object, as in physical adversarial
 * patches). Sizes are fractions of the image's shorter side.
 */
final class Occlusion implements Mutator {
    private final boolean sticker;

    Occlusion(boolean sticker) {
        this.sticker = sticker;
    }

    @Override
    public String kind() {
        return sticker ? "sticker" : "occlusion";
    }

    @Override
    public Mutation draw(SplittableRandom r, MutationLimits l, InputSpace s) {
        int side = Math.min(s.height(), s.width());
        int max = Math.max(1, (int) Math.round((sticker ? l.sticker() : l.occlusion()) * side));
        int size = r.nextInt(1, max + 1);
        int x = r.nextInt(0, s.width() - size + 1), y = r.nextInt(0, s.height() - size + 1);
        return sticker ? Mutation.of(kind(), "x", x, "y", y, "size", size, "seed", r.nextInt(1 << 30))
                : Mutation.of(kind(), "x", x, "y", y, "size", size, "level", Photometric.round(r.nextDouble()));
    }

    @Override
    public double[] apply(double[] in, Mutation m, InputSpace s) {
        double[] out = in.clone();
        int x0 = (int) m.param("x"), y0 = (int) m.param("y"), size = (int) m.param("size");
        int h = s.height(), w = s.width(), plane = h * w;
        SplittableRandom r = sticker ? new SplittableRandom((long) m.param("seed")) : null;
        int block = Math.max(1, size / 4);
        boolean[] pattern = new boolean[16];
        if (r != null) for (int i = 0; i < pattern.length; i++) pattern[i] = r.nextBoolean();
        for (int base = 0; base < in.length; base += plane) {
            for (int y = y0; y < Math.min(h, y0 + size); y++) {
                for (int c = x0; c < Math.min(w, x0 + size); c++) {
                    double level = sticker ? (pattern[Math.min(3, (y - y0) / block) * 4 + Math.min(3, (c - x0) / block)] ? 1 : 0)
                            : m.param("level");
                    out[base + y * w + c] = s.min() + level * s.span();
                }
            }
        }
        return out;
    }
}
