package dev.warden.fuzz.report;

import dev.warden.fuzz.Checkpoint;
import dev.warden.fuzz.Finding;
import dev.warden.fuzz.FuzzReport;
import dev.warden.fuzz.Oracle;
import dev.warden.fuzz.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code report.json}. {@code coverage} holds the primary run's final value of each criterion under its
 * short name (nc, kmnc, nbc, snac, tknc); {@code runs} every run with its checkpoints; {@code comparison} the
 * strategies across seeds with their spread.
 */
public final class FuzzReportJson {
    public record Run(String strategy, String guide, long randomSeed, long budget, long queries, double seconds, double inputsPerS,
                      Map<String, Double> coverage, int noveltyCorpus, int corpus, Map<String, Long> distinctByOracle,
                      Map<String, Integer> distinctByKind, Map<String, Long> refusals, List<String> findings, List<Checkpoint> timeline) {
    }

    public record Body(String target, String model, String modelSha256, List<String> peers, List<String> oracles, long budget,
                       int seedInputs, int calibrationInputs, List<String> layers, int neurons, Map<String, Object> criteria,
                       double noveltyRadius, Map<String, Double> throughput, Map<String, Double> coverage,
                       Map<String, Long> distinctByOracle, Run primary, List<Run> runs, Comparison comparison, String started, String finished) {
    }

    private FuzzReportJson() {
    }

    public static Body body(FuzzReport r) {
        List<Run> runs = r.runs().stream().map(x -> run(x, r.oracles())).toList();
        return new Body(r.target(), r.model(), r.modelSha256(), r.peers(), r.oracles().stream().map(Oracle::wire).toList(), r.budget(),
                r.seedInputs(), r.calibrationInputs(), r.layers(), r.neurons(), r.criteria(), r.noveltyRadius(), r.throughput(),
                r.primary().coverage(), runs.get(0).distinctByOracle(), runs.get(0), runs, Comparison.of(r.runs(), r.oracles()),
                r.started().toString(), r.finished().toString());
    }

    static Run run(RunResult x, List<Oracle> oracles) {
        Map<String, Long> byOracle = new TreeMap<>();
        for (Oracle o : oracles) byOracle.put(o.wire(), x.distinct(o));
        Map<String, Integer> byKind = new TreeMap<>();
        for (Finding f : x.findings()) for (String k : f.mutationKinds()) byKind.merge(k, 1, Integer::sum);
        return new Run(x.strategy().wire(), x.guide(), x.randomSeed(), x.budget(), x.queries(), x.seconds(), x.inputsPerSecond(),
                x.coverage(), x.noveltyCorpus(), x.corpus(), byOracle, byKind, x.refusals(), x.findings().stream().map(Finding::id).toList(),
                x.timeline());
    }

    public static void write(FuzzReport r, Path file) {
        try {
            FindingJson.JSON.writeValue(file.toFile(), body(r));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
