package dev.warden.fuzz;

import java.util.Map;

/** The state of a run after so many queries: each criterion's coverage, distinct failures by oracle and by mutation kind. */
public record Checkpoint(long queries, double seconds, Map<String, Double> coverage, int noveltyCorpus, int corpus,
                         Map<String, Integer> distinctByOracle, Map<String, Integer> distinctByKind) {
    public Checkpoint {
        coverage = Map.copyOf(coverage);
        distinctByOracle = Map.copyOf(distinctByOracle);
        distinctByKind = Map.copyOf(distinctByKind);
    }
}
