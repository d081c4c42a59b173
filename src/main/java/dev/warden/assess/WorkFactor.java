package dev.warden.assess;

/**
 * Guarded against unguarded for one attack and adversary model: queries per success on each side and their
 * ratio. When the guarded side never succeeded, the ratio is a lower bound (all its queries over the
 * unguarded cost of one success); when the unguarded side never succeeded there is no ratio.
 */
public record WorkFactor(String attack, boolean adaptive, int accounts, Double guardedQueriesPerSuccess,
                         Double baselineQueriesPerSuccess, Double ratio, boolean lowerBound,
                         double guardedSuccessRate, double baselineSuccessRate, double guardedWallSeconds,
                         double baselineWallSeconds) {

    public static WorkFactor of(RunResult guarded, RunResult baseline) {
        Double g = guarded.queriesPerSuccess();
        Double b = baseline.queriesPerSuccess();
        Double ratio = null;
        boolean lower = false;
        if (b != null && g != null) {
            ratio = g / b;
        } else if (b != null) {
            ratio = guarded.queriesTotal() / b;
            lower = true;
        }
        return new WorkFactor(guarded.attack(), guarded.adaptive(), guarded.accounts(), g, b, ratio, lower,
                guarded.successRate(), baseline.successRate(), guarded.wallSeconds(), baseline.wallSeconds());
    }
}
