package dev.warden.assess;

import dev.warden.assess.attack.Norm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One attack by one adversary model over every sample, with the summary the report shows. Medians of
 * queries and distances are over successful samples; {@code queriesPerSuccess} (all queries spent divided
 * by successes) is the work factor the guarded/unguarded ratio compares, since it charges failures too.
 */
public record RunResult(String attack, String target, Norm norm, double eps, boolean adaptive, int accounts,
                        long budget, int samples, double successRate, Double medianQueries, Double medianL2,
                        Double medianLinf, double detectedRate, Double medianQueriesToDetection, int rejections,
                        int lockouts, int accountsUsed, double wallSeconds, long queriesTotal,
                        Double queriesPerSuccess, List<SampleResult> perSample, double disguise, boolean oars) {
    public RunResult {
        perSample = List.copyOf(perSample);
    }

    /**
     * Images broken by the attack's first query: its random start (Square's stripes, a noise draw) already fooled
     * the target. No query-based defense sees a first query; these are failures of the model's robustness.
     */
    public int firstQuerySuccesses() {
        return (int) perSample.stream().filter(r -> r.success() && r.queries() <= 1).count();
    }

    public static RunResult of(String attack, String target, Norm norm, double eps, Adversary adversary, long budget,
                               List<SampleResult> results, double wallSeconds) {
        List<SampleResult> ok = results.stream().filter(SampleResult::success).toList();
        List<SampleResult> detected = results.stream().filter(SampleResult::detected).toList();
        long total = results.stream().mapToLong(SampleResult::queriesTotal).sum();
        int n = results.size();
        return new RunResult(attack, target, norm, eps, adversary.adaptive(), adversary.accounts(), budget, n,
                n == 0 ? 0 : (double) ok.size() / n,
                median(ok.stream().map(r -> (double) r.queries()).toList()),
                median(ok.stream().map(SampleResult::l2).toList()),
                median(ok.stream().map(SampleResult::linf).toList()),
                n == 0 ? 0 : (double) detected.size() / n,
                median(detected.stream().map(r -> (double) r.queriesToDetection()).toList()),
                results.stream().mapToInt(SampleResult::rejections).sum(),
                results.stream().mapToInt(SampleResult::lockouts).sum(),
                results.stream().mapToInt(SampleResult::accountsUsed).max().orElse(0),
                wallSeconds, total, ok.isEmpty() ? null : (double) total / ok.size(), results, adversary.disguise(),
                adversary.oars() != null);
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) return null;
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    /** The share of samples that succeeded within {@code queries} queries. */
    public double successRateAt(long queries) {
        if (perSample.isEmpty()) return 0;
        return (double) perSample.stream().filter(r -> r.success() && r.queries() <= queries).count() / perSample.size();
    }
}
