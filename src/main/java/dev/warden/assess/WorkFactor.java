package dev.warden.assess;

import java.util.Locale;

/**
 * Guarded against unguarded for one attack and adversary model: queries per success on each side and their
 * ratio. When the guarded side never succeeded, the ratio is a lower bound (all its queries over the
 * unguarded cost of one success); when the unguarded side never succeeded there is no ratio.
 */
public record WorkFactor(String attack, boolean adaptive, int accounts, Double guardedQueriesPerSuccess,
                         Double baselineQueriesPerSuccess, Double ratio, boolean lowerBound,
                         double guardedSuccessRate, double baselineSuccessRate, double guardedWallSeconds,
                         double baselineWallSeconds, double disguise) {

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
                guarded.successRate(), baseline.successRate(), guarded.wallSeconds(), baseline.wallSeconds(), guarded.disguise());
    }

    /**
     * The ratio in words. A run the guard stopped before any success says so: its lower bound alone can read
     * below 1x (a lockout ends the run after a few queries, fewer than one unguarded success costs), which
     * would suggest the guard made the attack cheaper.
     */
    public String summary() {
        if (ratio == null) return "n/a (baseline never succeeded)";
        if (!lowerBound) return String.format(Locale.ROOT, "%.2fx", ratio);
        long spent = Math.round(ratio * baselineQueriesPerSuccess);
        return String.format(Locale.ROOT, "not broken: no success in %d quer%s%s", spent, spent == 1 ? "y" : "ies",
                ratio >= 1 ? String.format(Locale.ROOT, " (>= %.2fx)", ratio) : "");
    }
}
