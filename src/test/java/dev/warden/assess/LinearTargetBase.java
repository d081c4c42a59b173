package dev.warden.assess;

import dev.warden.guard.Reveal;
import java.util.List;

/** A one-account target over the tiny linear model that reveals scores; tests override {@link #query} to change its answers. */
abstract class LinearTargetBase implements Target {
    final ModelTarget inner = new ModelTarget(new LinearModel(), "linear", true);

    public String describe() {
        return getClass().getSimpleName();
    }

    public String model() {
        return "linear";
    }

    public Reveal reveals() {
        return Reveal.SCORES;
    }

    public long[] imageShape() {
        return inner.imageShape();
    }

    public int classes() {
        return inner.classes();
    }

    public int accounts() {
        return 1;
    }

    public int maxBatch() {
        return 64;
    }

    public Answer query(int account, List<double[]> images) {
        return inner.query(account, images);
    }
}
