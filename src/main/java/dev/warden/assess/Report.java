package dev.warden.assess;

import java.time.Instant;
import java.util.List;

/**
 * Everything {@code warden assess} found: where it attacked, the runs against the target and, with a
 * baseline, against the unguarded baseline (the same attack and adversary, with at most as many accounts as
 * the baseline offers), the work-factor ratios of each pair, the attacks refused (with why), and
 * the paper's mitigations with the target policy's status.
 */
public record Report(String target, String model, String baseline, Instant started, Instant finished, long seed,
                     long setupQueries, long selectionQueries, List<Integer> sampleIndices, ThreatModel threatModel,
                     List<RunResult> runs, List<RunResult> baselineRuns, List<WorkFactor> workFactors,
                     List<Refusal> refused, List<Mitigation> mitigations) {
    /** An attack the target cannot be attacked with, because of what it reveals. */
    public record Refusal(String attack, String target, String reason) {
    }

    public Report {
        sampleIndices = List.copyOf(sampleIndices);
        runs = List.copyOf(runs);
        baselineRuns = List.copyOf(baselineRuns);
        workFactors = List.copyOf(workFactors);
        refused = List.copyOf(refused);
        mitigations = List.copyOf(mitigations);
    }
}
