package dev.warden.guard;

/**
 * Where the guard reports how long each stage's hook and the model took, so operators see which defense costs
 * what in production (the benchmark harness measures the same offline). Must be cheap and never block.
 */
public interface StageTimer {
    StageTimer NONE = (model, stage, hook, nanos) -> { };

    /** {@code stage} is a defense's name or {@code "model"}; {@code hook} is {@code before}, {@code after} or {@code infer}. */
    void record(String model, String stage, String hook, long nanos);
}
