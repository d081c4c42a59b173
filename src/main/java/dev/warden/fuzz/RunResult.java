package dev.warden.fuzz;

import java.util.List;
import java.util.Map;

/**
 * One fuzzing run: its strategy (and guiding criterion), random seed, queries spent, final coverage, the
 * checkpoints over the budget, its distinct findings and the refusals the guarded system gave.
 */
public record RunResult(Strategy strategy, String guide, long randomSeed, long budget, long queries, double seconds,
                        Map<String, Double> coverage, int noveltyCorpus, int corpus, List<Checkpoint> timeline,
                        List<Finding> findings, Map<String, Long> refusals) {
    public RunResult {
        coverage = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(coverage));
        timeline = List.copyOf(timeline);
        findings = List.copyOf(findings);
        refusals = Map.copyOf(refusals);
    }

    public String label() {
        return strategy == Strategy.RANDOM ? "random" : "coverage:" + guide;
    }

    public long distinct(Oracle o) {
        return findings.stream().filter(f -> f.oracle() == o).count();
    }

    public double inputsPerSecond() {
        return seconds > 0 ? queries / seconds : 0;
    }
}
