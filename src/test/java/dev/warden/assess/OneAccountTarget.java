package dev.warden.assess;

import dev.warden.guard.Reveal;
import java.util.List;

/**
 * A one-account target that reveals scores, over a model target (by default the tiny linear model); tests override
 * {@link #query} to change its answers.
 */
abstract class OneAccountTarget implements Target {
    final ModelTarget inner;

    OneAccountTarget() {
        this(new ModelTarget(new LinearModel(), "linear", true));
    }

    OneAccountTarget(ModelTarget inner) {
        this.inner = inner;
    }

    public String describe() {
        return getClass().getSimpleName();
    }

    public String model() {
        return inner.model();
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
