package dev.warden.fuzz;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A campaign's results: what was fuzzed and how, the throughput of the local model with and without
 * activation capture, every run (the primary one first: its findings are the ones written and recorded),
 * and the comparison of strategies across random seeds.
 */
public record FuzzReport(String target, String model, String modelSha256, List<String> peers, List<Oracle> oracles,
                         long budget, int seedInputs, int calibrationInputs, List<String> layers, int neurons,
                         Map<String, Object> criteria, double noveltyRadius, Map<String, Double> throughput,
                         List<RunResult> runs, Instant started, Instant finished) {
    public RunResult primary() {
        return runs.get(0);
    }
}
