package dev.warden.assess.report;

import dev.warden.assess.Report;
import dev.warden.assess.RunResult;
import dev.warden.assess.WorkFactor;
import java.util.Locale;

/** The work-factor table for a terminal: one line per run, then guarded/unguarded ratios when there is a baseline. */
public final class WorkFactorTable {
    private WorkFactorTable() {
    }

    public static String render(Report report) {
        StringBuilder b = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-9s %-8s %-34s %-12s %8s %10s %8s %8s %9s %8s %8s%n",
                "attack", "target", "adversary", "eps", "success", "med.q", "med.L2", "med.Linf", "detected", "q/succ", "wall s");
        b.append(header);
        for (RunResult r : report.runs()) line(b, r);
        for (RunResult r : report.baselineRuns()) line(b, r);
        for (RunResult r : report.runs()) {
            if (r.firstQuerySuccesses() == 0) continue;
            b.append(String.format(Locale.ROOT, "note: %s (%s): %d of %d images broken by the first query, the attack's random start,"
                            + " before any query-based defense can see a pattern: the model's robustness, not the guard's detection%n",
                    r.attack(), adversary(r.adaptive(), r.accounts()) + (r.disguise() > 0 ? ", disguised" : "") + (r.oars() ? ", OARS" : ""), r.firstQuerySuccesses(), r.samples()));
        }
        if (!report.workFactors().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nwork factor, guarded / unguarded (queries per success):%n"));
            for (WorkFactor w : report.workFactors()) {
                String ratio = w.summary();
                b.append(String.format(Locale.ROOT, "  %-9s %-34s %s (success %.0f%% vs %.0f%%, wall %.1f s vs %.1f s)%n",
                        w.attack(), adversary(w.adaptive(), w.accounts()) + (w.disguise() > 0 ? ", disguised" : ""), ratio, 100 * w.guardedSuccessRate(),
                        100 * w.baselineSuccessRate(), w.guardedWallSeconds(), w.baselineWallSeconds()));
            }
        }
        for (Report.Refusal x : report.refused()) {
            b.append(String.format(Locale.ROOT, "refused: %s against %s: %s%n", x.attack(), x.target(), x.reason()));
            for (RunResult base : report.baselineRuns()) {
                if (!base.attack().equals(x.attack()) || x.target().equals(base.target())) continue;
                b.append(String.format(Locale.ROOT, "  work factor for %s (%s): unbounded; unguarded it broke %.0f%% of images at %s queries per success%n",
                        x.attack(), adversary(base.adaptive(), base.accounts()), 100 * base.successRate(), num(base.queriesPerSuccess(), "%.0f")));
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, RunResult r) {
        b.append(String.format(Locale.ROOT, "%-9s %-8s %-34s %-12s %7.0f%% %10s %8s %8s %8.0f%% %8s %8.1f%n",
                r.attack(), r.target(), adversary(r.adaptive(), r.accounts()) + (r.disguise() > 0 ? ", disguised" : "") + (r.oars() ? ", OARS" : ""),
                r.norm().label() + " " + trim(r.eps()), 100 * r.successRate(), num(r.medianQueries(), "%.0f"),
                num(r.medianL2(), "%.2f"), num(r.medianLinf(), "%.3f"), 100 * r.detectedRate(),
                num(r.queriesPerSuccess(), "%.0f"), r.wallSeconds()));
    }

    static String adversary(boolean adaptive, int accounts) {
        return (adaptive ? "adaptive" : "plain") + ", " + accounts + (accounts == 1 ? " account" : " accounts");
    }

    private static String num(Double v, String format) {
        return v == null ? "-" : String.format(Locale.ROOT, format, v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%s", v);
    }
}
