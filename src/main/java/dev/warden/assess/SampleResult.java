package dev.warden.assess;

/**
 * One attack on one sample. {@code queries} is the work factor: queries until the first adversarial example
 * within the run's radius when it succeeded, else all queries spent ({@code queriesTotal} is always the
 * latter). Distances are those of the closest adversarial example the target answered (null: none).
 * {@code stoppedBy} says why the attack ended: finished, budget, time, succeeded or locked_out.
 * {@code adversarial} is that closest misclassified image and {@code adversarialLabel} the class the target
 * gave it (both null when none was found): the evidence a failure record keeps. {@code oarsNoise} and
 * {@code oarsNoiseMax}: an OARS adversary's learned noise scale at the end and the largest it reached (null for others).
 */
public record SampleResult(int index, int label, boolean success, long queries, long queriesTotal, Double l2,
                           Double linf, Long queriesToDetection, int rejections, int lockouts, int accountsUsed,
                           double wallSeconds, String stoppedBy, double[] adversarial, Integer adversarialLabel,
                           Double oarsNoise, Double oarsNoiseMax) {
    public boolean detected() {
        return queriesToDetection != null;
    }
}
