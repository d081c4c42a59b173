package dev.warden.guard;

/**
 * Where the guard reports how long each stage's hook and the model took, so operators see which defense costs
 * what in production (the benchmark harness measures the same offline). Must be cheap and never block: the
 * guard asks once per model for a {@link Recorder} per stage hook and then only calls those, so a timer
 * resolves names (and builds meters) off the per-query path.
 */
public interface StageTimer {
    StageTimer NONE = (model, stage, hook, nanos) -> { };

    /** {@code stage} is a defense's name or {@code "model"}; {@code hook} is {@code before}, {@code after} or {@code infer}. */
    void record(String model, String stage, String hook, long nanos);

    /** The recorder of one stage hook of one model; by default it calls {@link #record}. */
    default Recorder recorder(String model, String stage, String hook) {
        return nanos -> record(model, stage, hook, nanos);
    }

    /** Records one call's duration of the stage hook it was made for. */
    @FunctionalInterface
    interface Recorder {
        void record(long nanos);
    }
}
